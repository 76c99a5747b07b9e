import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useWorkspaceQuery } from '../../api/workspace';
import { canManage, useWorkspace } from '../../auth/AuthProvider';
import { PageLoader } from '../../components/PageLoader';
import { ApiKeysPanel } from './ApiKeysPanel';
import { AssistantForm } from './AssistantForm';
import { BusinessForm } from './BusinessForm';
import { NotificationsPanel } from './NotificationsPanel';
import { TeamPanel } from './TeamPanel';

export default function SettingsPage() {
  const { t } = useTranslation();
  const { role } = useWorkspace();
  const workspace = useWorkspaceQuery();
  if (!workspace.data) return <PageLoader />;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <Tabs defaultValue="business" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="business">{t('settings.business')}</Tabs.Tab>
          <Tabs.Tab value="assistant">{t('settings.assistant')}</Tabs.Tab>
          <Tabs.Tab value="notifications">{t('settings.notifications')}</Tabs.Tab>
          <Tabs.Tab value="team">{t('settings.team')}</Tabs.Tab>
          {canManage(role) && <Tabs.Tab value="keys">{t('settings.apiKeys')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="business" pt="md">
          <BusinessForm workspace={workspace.data} />
        </Tabs.Panel>
        <Tabs.Panel value="assistant" pt="md">
          <AssistantForm workspace={workspace.data} />
        </Tabs.Panel>
        <Tabs.Panel value="notifications" pt="md">
          <NotificationsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="team" pt="md">
          <TeamPanel />
        </Tabs.Panel>
        {canManage(role) && (
          <Tabs.Panel value="keys" pt="md">
            <ApiKeysPanel />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
