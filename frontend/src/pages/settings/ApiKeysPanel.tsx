import { Alert, Badge, Button, Code, CopyButton, Group, Modal, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { CreatedApiKey } from '../../api/types';
import { applyFieldErrors, describeError, notifyError } from '../../components/feedback';
import { ROLES } from './TeamPanel';

export function ApiKeysPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(client.GET('/api/v1/api-keys', { params: { query: { per_page: 100 } } })) });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', role: 'agent' }, validate: { name: (v) => (v.trim() ? null : t('common.required')) } });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
    onError: notifyError,
  });
  const create = form.onSubmit(async (values) => {
    setError(null);
    try {
      setCreated(await unwrap(client.POST('/api/v1/api-keys', { body: values })));
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('settings.apiKeysHelp')}
      </Text>
      <form onSubmit={create} noValidate>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('settings.keyName')} required w={240} {...form.getInputProps('name')} />
          <Select
            label={t('settings.role')}
            w={140}
            data={ROLES.filter((r) => r !== 'owner').map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('settings.createKey')}
          </Button>
        </Group>
      </form>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <ScrollArea>
        <Table miw={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.keyName')}</Table.Th>
              <Table.Th>{t('settings.prefix')}</Table.Th>
              <Table.Th>{t('settings.role')}</Table.Th>
              <Table.Th>{t('settings.lastUsed')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(keys.data?.items ?? []).map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td>
                  <Code>{k.prefix}…</Code>
                </Table.Td>
                <Table.Td>{t(`roles.${k.role}`, { defaultValue: k.role })}</Table.Td>
                <Table.Td>{k.last_used_at ? new Date(k.last_used_at).toLocaleString() : t('settings.never')}</Table.Td>
                <Table.Td>
                  {k.revoked_at ? (
                    <Badge color="gray">{t('settings.revoked')}</Badge>
                  ) : (
                    <Button size="xs" color="red" variant="light" onClick={() => revoke.mutate(k.id)}>
                      {t('settings.revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Modal opened={created !== null} onClose={() => setCreated(null)} title={t('settings.keyCreated')} size="lg">
        {created && (
          <Stack>
            <Alert color="yellow">{t('settings.keyShownOnce')}</Alert>
            <Code block>{created.secret}</Code>
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : 'violet'}>
                  {copied ? t('channels.copied') : t('settings.copyKey')}
                </Button>
              )}
            </CopyButton>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
