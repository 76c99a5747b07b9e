import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DocumentsPanel } from './DocumentsPanel';
import { FaqsPanel } from './FaqsPanel';
import { TestQuestionPanel } from './TestQuestionPanel';

export default function KnowledgePage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('knowledge.title')}
      </Title>
      <Tabs defaultValue="faqs" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="faqs">{t('knowledge.faqs')}</Tabs.Tab>
          <Tabs.Tab value="documents">{t('knowledge.documents')}</Tabs.Tab>
          <Tabs.Tab value="test">{t('knowledge.test')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="faqs" pt="md">
          <FaqsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="test" pt="md">
          <TestQuestionPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
