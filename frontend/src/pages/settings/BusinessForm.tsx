import { ActionIcon, Alert, Button, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpeningWindow, Workspace } from '../../api/types';
import { useUpdateWorkspace } from '../../api/workspace';
import { applyFieldErrors, describeError, notifySuccess } from '../../components/feedback';

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'MXN', 'ARS', 'COP', 'CLP', 'BRL'];
const LANGS = ['en', 'es', 'it'];

/** The browser's IANA zones, plus UTC (which browsers leave out) and the current one. */
export function timezones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? ['Europe/Rome', 'Europe/Madrid', 'Europe/London', 'America/New_York'];
  return [...new Set([current, 'UTC', ...zones])];
}

interface BusinessValues {
  business_name: string;
  business_type: string;
  timezone: string;
  currency: string;
  languages: string[];
  operating_hours: OpeningWindow[];
}

/** Business profile: name, type, timezone, currency, languages and operating hours. */
export function BusinessForm({ workspace, onSaved, submitLabel, withHours = true }: { workspace: Workspace; onSaved?: () => void; submitLabel?: string; withHours?: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateWorkspace();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<BusinessValues>({
    initialValues: {
      business_name: workspace.business_name,
      business_type: workspace.business_type ?? '',
      timezone: workspace.timezone,
      currency: workspace.currency,
      languages: workspace.languages,
      operating_hours: workspace.operating_hours,
    },
    validate: {
      business_name: (v) => (v.trim().length >= 3 ? null : t('auth.businessNameRule')),
      languages: (v) => (v.length ? null : t('common.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await update.mutateAsync({
        ...values,
        business_type: values.business_type.trim() || null,
        operating_hours: withHours ? values.operating_hours : undefined,
      });
      notifySuccess(t('common.saved'));
      onSaved?.();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });
  const currencies = CURRENCIES.includes(workspace.currency) ? CURRENCIES : [workspace.currency, ...CURRENCIES];
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('settings.businessName')} required {...form.getInputProps('business_name')} />
          <TextInput label={t('settings.businessType')} placeholder={t('settings.businessTypePlaceholder')} {...form.getInputProps('business_type')} />
          <Select label={t('settings.timezone')} searchable data={timezones(workspace.timezone)} allowDeselect={false} {...form.getInputProps('timezone')} />
          <Select label={t('settings.currency')} data={currencies} allowDeselect={false} {...form.getInputProps('currency')} />
        </SimpleGrid>
        <MultiSelect
          label={t('settings.languages')}
          description={t('settings.languagesHint')}
          data={LANGS.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          {...form.getInputProps('languages')}
        />
        {withHours && (
          <Stack gap="xs">
            <Text fw={500} size="sm">
              {t('settings.hours')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('settings.hoursHint')}
            </Text>
            {form.values.operating_hours.map((_, i) => (
              <Group key={i} gap="xs" align="flex-end">
                <Select
                  label={t('settings.day')}
                  w={130}
                  data={DAYS.map((d) => ({ value: d, label: t(`days.${d}`) }))}
                  allowDeselect={false}
                  {...form.getInputProps(`operating_hours.${i}.day`)}
                />
                <TextInput label={t('settings.opens')} type="time" w={120} {...form.getInputProps(`operating_hours.${i}.opens`)} />
                <TextInput label={t('settings.closes')} type="time" w={120} {...form.getInputProps(`operating_hours.${i}.closes`)} />
                <ActionIcon variant="subtle" color="red" mb={4} aria-label={t('settings.removeHours')} onClick={() => form.removeListItem('operating_hours', i)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => {
                  const used = new Set(form.values.operating_hours.map((h) => h.day));
                  const day = DAYS.find((d) => !used.has(d)) ?? 'mon';
                  form.insertListItem('operating_hours', { day, opens: '09:00', closes: '18:00' });
                }}
              >
                {t('settings.addHours')}
              </Button>
            </Group>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {submitLabel ?? t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
