import { ActionIcon, Alert, Button, Group, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { canManage, useWorkspace } from '../../auth/AuthProvider';
import { applyFieldErrors, describeError, notifyError, notifySuccess } from '../../components/feedback';

export const ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
const RANK: Record<string, number> = { owner: 4, admin: 3, agent: 2, viewer: 1 };

export function TeamPanel() {
  const { t } = useTranslation();
  const { role, user } = useWorkspace();
  const manage = canManage(role);
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: ['members'], queryFn: () => unwrap(client.GET('/api/v1/members', { params: { query: { per_page: 100 } } })) });
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: () => unwrap(client.GET('/api/v1/invitations', { params: { query: { per_page: 100 } } })),
    enabled: manage,
  });
  // Nobody grants above their own role; the owner role is never handed out here.
  const grantable = ROLES.filter((r) => r !== 'owner' && RANK[r]! <= (RANK[role] ?? 0)).map((r) => ({ value: r, label: t(`roles.${r}`) }));
  const changeRole = useMutation({
    mutationFn: ({ id, newRole }: { id: string; newRole: string }) =>
      unwrap(client.PATCH('/api/v1/members/{id}', { params: { path: { id } }, body: { role: newRole } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['members'] }),
    onError: notifyError,
  });
  const removeMember = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/members/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['members'] }),
    onError: notifyError,
  });
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '', role: 'agent' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t('auth.invalidEmail')) },
  });
  const invite = form.onSubmit(async (values) => {
    setError(null);
    try {
      await unwrap(client.POST('/api/v1/invitations', { body: values }));
      notifySuccess(t('settings.invited', { email: values.email }));
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['invitations'] });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });

  return (
    <Stack>
      <Title order={2} size="h4">
        {t('settings.members')}
      </Title>
      <ScrollArea>
        <Table miw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('auth.name')}</Table.Th>
              <Table.Th>{t('auth.email')}</Table.Th>
              <Table.Th>{t('settings.role')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(members.data?.items ?? []).map((m) => {
              const editable = manage && m.role !== 'owner' && m.user_id !== user?.id;
              return (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.name ?? '—'}</Table.Td>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>
                    {editable ? (
                      <Select
                        aria-label={t('settings.roleOf', { email: m.email })}
                        size="xs"
                        w={130}
                        data={grantable}
                        value={m.role}
                        allowDeselect={false}
                        onChange={(v) => v && changeRole.mutate({ id: m.id, newRole: v })}
                      />
                    ) : (
                      t(`roles.${m.role}`, { defaultValue: m.role })
                    )}
                  </Table.Td>
                  <Table.Td>
                    {editable && (
                      <ActionIcon color="red" variant="subtle" aria-label={t('settings.removeMember', { email: m.email })} onClick={() => removeMember.mutate(m.id)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {manage && (
        <>
          <Title order={2} size="h4">
            {t('settings.invitations')}
          </Title>
          <form onSubmit={invite} noValidate>
            <Group align="flex-end" wrap="wrap">
              <TextInput label={t('auth.email')} type="email" required w={260} {...form.getInputProps('email')} />
              <Select label={t('settings.role')} data={grantable} w={140} allowDeselect={false} {...form.getInputProps('role')} />
              <Button type="submit" loading={form.submitting}>
                {t('settings.invite')}
              </Button>
            </Group>
          </form>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          {(invitations.data?.items ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('settings.noInvitations')}
            </Text>
          ) : (
            <Table>
              <Table.Tbody>
                {(invitations.data?.items ?? []).map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.email}</Table.Td>
                    <Table.Td>{t(`roles.${i.role}`, { defaultValue: i.role })}</Table.Td>
                    <Table.Td>{t('settings.expires', { date: new Date(i.expires_at).toLocaleDateString() })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
