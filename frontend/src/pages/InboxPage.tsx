import { Alert, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The inbox arrives with the inbox API (issue #7). */
export default function InboxPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.inbox')}
      </Title>
      <Alert color="blue">{t('inbox.comingSoon')}</Alert>
    </Stack>
  );
}
