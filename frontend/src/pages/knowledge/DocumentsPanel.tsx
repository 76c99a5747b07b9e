import { ActionIcon, Badge, Button, FileButton, Group, Progress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, uploadWithProgress } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { KnowledgeDocument } from '../../api/types';
import { canEdit, useWorkspace } from '../../auth/AuthProvider';
import { describeError, notifyError } from '../../components/feedback';

interface Upload {
  id: number;
  name: string;
  percent: number;
  error: string | null;
}

const FINISHED = ['completed', 'failed'];
const STATUS_COLOR: Record<string, string> = { completed: 'teal', failed: 'red', queued: 'gray' };

export function DocumentsPanel() {
  const { t } = useTranslation();
  const { role } = useWorkspace();
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const documents = useQuery({
    queryKey: ['documents'],
    queryFn: () => unwrap(client.GET('/api/v1/knowledge/documents', { params: { query: { per_page: 100 } } })),
    // Processing runs in the background: poll while anything is still on its way.
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => !FINISHED.includes(d.status)) ? 1500 : false,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/knowledge/documents/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['documents'] }),
    onError: notifyError,
  });

  const upload = (files: File[]) => {
    files.forEach((file, i) => {
      const id = Date.now() + i;
      setUploads((u) => [...u, { id, name: file.name, percent: 0, error: null }]);
      const form = new FormData();
      form.append('file', file);
      uploadWithProgress<KnowledgeDocument>('/api/v1/knowledge/documents', form, (percent) =>
        setUploads((u) => u.map((x) => (x.id === id ? { ...x, percent } : x))),
      )
        .then(() => {
          setUploads((u) => u.filter((x) => x.id !== id));
          void queryClient.invalidateQueries({ queryKey: ['documents'] });
        })
        .catch((e: unknown) => setUploads((u) => u.map((x) => (x.id === id ? { ...x, error: describeError(e) } : x))));
    });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('knowledge.documentsHelp')}
        </Text>
        {canEdit(role) && (
          <FileButton onChange={upload} accept=".pdf,.docx,.txt,.md,.html,.htm" multiple>
            {(props) => (
              <Button leftSection={<IconUpload size={16} />} {...props}>
                {t('knowledge.upload')}
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      {uploads.map((u) => (
        <Stack key={u.id} gap={4} aria-live="polite">
          <Group justify="space-between">
            <Text size="sm">{u.name}</Text>
            <Text size="sm" c={u.error ? 'red' : 'dimmed'}>
              {u.error ?? `${u.percent}%`}
            </Text>
          </Group>
          <Progress value={u.percent} color={u.error ? 'red' : 'violet'} aria-label={t('knowledge.uploading', { name: u.name })} />
          {u.error && (
            <Button size="xs" variant="subtle" onClick={() => setUploads((all) => all.filter((x) => x.id !== u.id))}>
              {t('common.dismiss')}
            </Button>
          )}
        </Stack>
      ))}
      <ScrollArea>
        <Table striped miw={600}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('knowledge.file')}</Table.Th>
              <Table.Th>{t('knowledge.status')}</Table.Th>
              <Table.Th>{t('knowledge.chunks')}</Table.Th>
              <Table.Th>{t('knowledge.size')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(documents.data?.items ?? []).map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.file_name}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Badge variant="light" color={STATUS_COLOR[d.status] ?? 'blue'}>
                      {t(`knowledge.statuses.${d.status}`, { defaultValue: d.status })}
                    </Badge>
                    {!FINISHED.includes(d.status) && <Progress size="xs" value={d.progress} aria-label={t('knowledge.processing')} />}
                    {d.error && (
                      <Text size="xs" c="red">
                        {d.error.message}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>{d.chunk_count}</Table.Td>
                <Table.Td>{(d.size_bytes / 1024).toFixed(1)} KB</Table.Td>
                <Table.Td>
                  {canEdit(role) && (
                    <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => remove.mutate(d.id)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {documents.data && documents.data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed" ta="center" py="lg">{t('knowledge.noDocuments')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
