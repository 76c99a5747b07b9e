import { Alert } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { NOTIFICATION_PREFERENCES_KEY } from '../../api/queryKeys';
import type { UpdateNotificationPreferences } from '../../api/types';
import { describeError, notifySuccess } from '../../components/feedback';
import { PageLoader } from '../../components/PageLoader';
import { NotificationsForm } from './NotificationsForm';

/** Settings → Notifications: the signed-in member's own preferences. */
export function NotificationsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const prefs = useQuery({
    queryKey: NOTIFICATION_PREFERENCES_KEY,
    queryFn: () => unwrap(client.GET('/api/v1/notification-preferences')),
  });
  const save = async (body: UpdateNotificationPreferences) => {
    const saved = await unwrap(client.PUT('/api/v1/notification-preferences', { body }));
    queryClient.setQueryData(NOTIFICATION_PREFERENCES_KEY, saved);
    notifySuccess(t('settings.notify.saved'));
  };
  if (prefs.isError) return <Alert color="red">{describeError(prefs.error)}</Alert>;
  if (!prefs.data) return <PageLoader />;
  return <NotificationsForm initial={prefs.data} save={save} />;
}
