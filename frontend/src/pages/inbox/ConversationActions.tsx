import { Alert, Button, Group, Modal, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowBackUp, IconCheck, IconHandStop, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import type { ConversationDetail, Member } from '../../api/types';
import { canManage, useWorkspace } from '../../auth/AuthProvider';
import { notifyError } from '../../components/feedback';
import { CLOSED_STATUSES, memberName } from './labels';
import type { useConversationActions } from './queries';

interface Props {
  conversation: ConversationDetail;
  members: Member[] | undefined;
  actions: ReturnType<typeof useConversationActions>;
}

/** Take over, return to the assistant, resolve, reopen and assign. */
export function ConversationActions({ conversation, members, actions }: Props) {
  const { t } = useTranslation();
  const { role, user } = useWorkspace();
  const [taken, setTaken] = useState(false);
  const [resolving, resolveModal] = useDisclosure(false);
  const [resolveTags, setResolveTags] = useState<string[]>([]);
  const state = conversation.state;
  const closed = CLOSED_STATUSES.includes(conversation.status);
  const mine = state.lifecycle === 'agent_handling' && state.assigned_member_id === user?.id;
  const holder = memberName(members, state.assigned_member_id) ?? t('inbox.someone');
  const busy = Object.values(actions).some((m) => m.isPending);

  const takeOver = (force: boolean) =>
    actions.takeOver.mutate(force, {
      onSuccess: () => setTaken(false),
      onError: (e) => (e instanceof ApiError && e.code === 'conversation_taken' ? setTaken(true) : notifyError(e)),
    });

  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        {!closed && !mine && (
          <Button size="xs" leftSection={<IconHandStop size={14} />} onClick={() => takeOver(false)} disabled={busy}>
            {t('inbox.takeOver')}
          </Button>
        )}
        {!closed && state.owner === 'human' && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconArrowBackUp size={14} />}
            onClick={() => actions.returnToAssistant.mutate(undefined, { onError: notifyError })}
            disabled={busy}
          >
            {t('inbox.returnToAssistant')}
          </Button>
        )}
        {!closed && (
          <Button
            size="xs"
            variant="light"
            color="green"
            leftSection={<IconCheck size={14} />}
            onClick={() => {
              setResolveTags(conversation.tags);
              resolveModal.open();
            }}
            disabled={busy}
          >
            {t('inbox.resolve')}
          </Button>
        )}
        {closed && conversation.status !== 'archived' && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={14} />}
            onClick={() => actions.reopen.mutate(undefined, { onError: notifyError })}
            disabled={busy}
          >
            {t('inbox.reopen')}
          </Button>
        )}
        {!closed && (
          <Select
            size="xs"
            w={200}
            aria-label={t('inbox.assign')}
            placeholder={t('inbox.assign')}
            data={(members ?? []).filter((m) => m.role !== 'viewer').map((m) => ({ value: m.user_id, label: m.name || m.email }))}
            value={state.assigned_member_id ?? null}
            onChange={(v) => v && actions.assign.mutate(v, { onError: notifyError })}
            disabled={busy}
            allowDeselect={false}
          />
        )}
      </Group>
      {taken && (
        <Alert color="orange" withCloseButton onClose={() => setTaken(false)} data-testid="taken">
          <Text size="sm">{t('inbox.takenBy', { name: holder })}</Text>
          {canManage(role) && (
            <Button size="xs" color="orange" mt="xs" onClick={() => takeOver(true)} loading={actions.takeOver.isPending}>
              {t('inbox.forceTakeOver')}
            </Button>
          )}
        </Alert>
      )}
      <Modal opened={resolving} onClose={resolveModal.close} title={t('inbox.resolveTitle')}>
        <Stack>
          <TagsInput
            label={t('inbox.tags')}
            description={t('inbox.tagsHint')}
            value={resolveTags}
            onChange={setResolveTags}
            maxTags={20}
            clearable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={resolveModal.close}>
              {t('common.cancel')}
            </Button>
            <Button
              color="green"
              loading={actions.resolve.isPending}
              onClick={() =>
                actions.resolve.mutate(resolveTags, {
                  onSuccess: resolveModal.close,
                  onError: notifyError,
                })
              }
            >
              {t('inbox.resolveConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
