import { Alert, Button, Divider, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { HANDOFF_TRIGGERS } from '../../api/constants';
import { unwrap } from '../../api/errors';
import type { AssistantSettings, Workspace } from '../../api/types';
import { useUpdateWorkspace } from '../../api/workspace';
import { canManage, useWorkspace } from '../../auth/AuthProvider';
import { describeError, notifyError, notifySuccess } from '../../components/feedback';
import { TonePicker } from '../../components/TonePicker';

export function AssistantForm({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const { role } = useWorkspace();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['assistant-settings'], queryFn: () => unwrap(client.GET('/api/v1/assistant/settings')) });
  const [draft, setDraft] = useState<AssistantSettings | null>(null);
  const [tone, setTone] = useState(workspace.brand_tone);
  const updateWorkspace = useUpdateWorkspace();
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: async (next: AssistantSettings) => {
      const saved = await unwrap(client.PATCH('/api/v1/assistant/settings', { body: next }));
      if (tone !== workspace.brand_tone) await updateWorkspace.mutateAsync({ brand_tone: tone });
      return saved;
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['assistant-settings'], saved);
      notifySuccess(t('common.saved'));
    },
    onError: notifyError,
  });
  const editable = canManage(role);
  const set = <K extends keyof AssistantSettings>(key: K, value: AssistantSettings[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));

  return (
    <Stack>
      <TonePicker value={tone} onChange={setTone} languages={workspace.languages} />
      <Divider />
      {settings.isError && <Alert color="yellow">{t('settings.assistantUnavailable', { reason: describeError(settings.error) })}</Alert>}
      {draft && (
        <Stack>
          <Switch label={t('settings.assistantEnabled')} checked={draft.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          <Text fw={500}>{t('settings.handoffTriggers')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {HANDOFF_TRIGGERS.map((trigger) => (
              <Switch
                key={trigger}
                label={t(`settings.triggers.${trigger}`)}
                description={trigger === 'order_confirmed' ? t('settings.alwaysOn') : undefined}
                checked={draft.handoff_triggers[trigger] ?? true}
                disabled={trigger === 'order_confirmed'}
                onChange={(e) => set('handoff_triggers', { ...draft.handoff_triggers, [trigger]: e.currentTarget.checked })}
              />
            ))}
          </SimpleGrid>
          <NumberInput
            label={t('settings.repeatedFailureLimit')}
            min={1}
            max={10}
            w={220}
            value={draft.repeated_failure_limit}
            onChange={(v) => set('repeated_failure_limit', typeof v === 'number' ? v : 3)}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('settings.outOfHours')}
            </Text>
            <SegmentedControl
              aria-label={t('settings.outOfHours')}
              data={[
                { value: 'hand_off', label: t('settings.handOff') },
                { value: 'keep_answering', label: t('settings.keepAnswering') },
              ]}
              value={draft.out_of_hours}
              onChange={(v) => set('out_of_hours', v === 'keep_answering' ? 'keep_answering' : 'hand_off')}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('settings.responseDelay')}
            </Text>
            <SegmentedControl
              aria-label={t('settings.responseDelay')}
              data={[
                { value: 'instant', label: t('settings.instant') },
                { value: 'natural', label: t('settings.natural') },
              ]}
              value={draft.response_delay}
              onChange={(v) => set('response_delay', v === 'natural' ? 'natural' : 'instant')}
            />
          </Stack>
          <NumberInput
            label={t('settings.burstWindow')}
            description={t('settings.burstWindowHint')}
            min={0}
            max={30000}
            step={500}
            w={260}
            value={draft.burst_window_ms}
            onChange={(v) => set('burst_window_ms', typeof v === 'number' ? v : 0)}
          />
          <Textarea
            label={t('settings.welcomeMessage')}
            autosize
            minRows={2}
            value={draft.welcome_message ?? ''}
            onChange={(e) => set('welcome_message', e.currentTarget.value || null)}
          />
          <Textarea
            label={t('settings.customInstructions')}
            description={t('settings.customInstructionsHint')}
            autosize
            minRows={3}
            value={draft.custom_instructions ?? ''}
            onChange={(e) => set('custom_instructions', e.currentTarget.value || null)}
          />
        </Stack>
      )}
      <Group justify="flex-end">
        <Button
          disabled={!editable}
          loading={save.isPending}
          onClick={() => {
            if (draft) save.mutate(draft);
            else updateWorkspace.mutateAsync({ brand_tone: tone }).then(() => notifySuccess(t('common.saved')), notifyError);
          }}
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
