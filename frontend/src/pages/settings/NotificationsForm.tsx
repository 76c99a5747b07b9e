import { Alert, Button, Group, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_KINDS, NOTIFICATION_MEDIA } from '../../api/constants';
import type { NotificationPreferences, UpdateNotificationPreferences } from '../../api/types';
import { applyFieldErrors, describeError } from '../../components/feedback';
import { fromPreferences, timezones, toRequest, type NotificationValues } from './notificationsForm';

interface Props {
  initial: NotificationPreferences;
  /** Saves the body; rejects with the server's error (a 422 names the bad fields). */
  save: (body: UpdateNotificationPreferences) => Promise<unknown>;
}

/** Per event × medium switches, the WhatsApp number, and quiet hours. */
export function NotificationsForm({ initial, save }: Props) {
  const { t } = useTranslation();
  const form = useForm<NotificationValues>({ initialValues: fromPreferences(initial) });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => timezones(form.values.quiet_hours.timezone), [form.values.quiet_hours.timezone]);
  const index = (kind: string, medium: string) => form.values.choices.findIndex((c) => c.kind === kind && c.medium === medium);
  // Errors on a choice have no field of their own to sit under: they are listed at the table.
  const choiceErrors = Object.entries(form.errors)
    .filter(([path]) => path.startsWith('choices.'))
    .map(([, message]) => String(message));

  const submit = form.onSubmit(async (values) => {
    setError(null);
    setSaving(true);
    try {
      await save(toRequest(values));
      form.resetDirty();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={760}>
        <Text size="sm" c="dimmed">
          {t('settings.notify.intro')}
        </Text>
        <Table withTableBorder verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.notify.kind')}</Table.Th>
              {NOTIFICATION_MEDIA.map((m) => (
                <Table.Th key={m} ta="center">
                  {t(`settings.notify.media.${m}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {NOTIFICATION_KINDS.map((kind) => (
              <Table.Tr key={kind}>
                <Table.Td>{t(`settings.notify.kinds.${kind}`)}</Table.Td>
                {NOTIFICATION_MEDIA.map((medium) => {
                  const i = index(kind, medium);
                  return (
                    <Table.Td key={medium}>
                      <Group justify="center">
                        <Switch
                          aria-label={t('settings.notify.toggle', {
                            kind: t(`settings.notify.kinds.${kind}`),
                            medium: t(`settings.notify.media.${medium}`),
                          })}
                          {...form.getInputProps(`choices.${i}.enabled`, { type: 'checkbox' })}
                          error={undefined}
                        />
                      </Group>
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {choiceErrors.length > 0 && (
          <Text size="sm" c="red" role="alert">
            {t('settings.notify.choicesInvalid', { message: choiceErrors.join('; ') })}
          </Text>
        )}
        <TextInput
          label={t('settings.notify.whatsappNumber')}
          description={t('settings.notify.whatsappNumberHint')}
          placeholder="+34600111222"
          type="tel"
          maw={320}
          {...form.getInputProps('whatsapp_number')}
        />
        <Switch
          label={t('settings.notify.quietHours')}
          description={t('settings.notify.quietHoursHint')}
          {...form.getInputProps('quiet', { type: 'checkbox' })}
        />
        {form.values.quiet && (
          <Group align="flex-start" wrap="wrap">
            <TextInput type="time" label={t('settings.notify.quietStart')} w={130} {...form.getInputProps('quiet_hours.start')} />
            <TextInput type="time" label={t('settings.notify.quietEnd')} w={130} {...form.getInputProps('quiet_hours.end')} />
            <Select
              label={t('settings.notify.timezone')}
              searchable
              w={260}
              data={zones}
              allowDeselect={false}
              {...form.getInputProps('quiet_hours.timezone')}
            />
          </Group>
        )}
        <Alert color="blue" variant="light">
          {t('settings.notify.highPriorityNote')}
        </Alert>
        {error && <Alert color="red">{error}</Alert>}
        <Group>
          <Button type="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
