import { ActionIcon, Alert, Badge, Button, FileInput, Group, Modal, Pagination, ScrollArea, Select, Stack, Switch, Table, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconEdit, IconPlus, IconSearch, IconTrash, IconUpload } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Faq, FaqImportResult } from '../../api/types';
import { canEdit, useWorkspace } from '../../auth/AuthProvider';
import { applyFieldErrors, describeError, notifyError, notifySuccess } from '../../components/feedback';

const PRIORITIES = ['low', 'medium', 'high'];

function FaqForm({ faq, onDone }: { faq: Faq | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      question: faq?.question ?? '',
      answer: faq?.answer ?? '',
      category: faq?.category ?? '',
      tags: faq?.tags ?? [],
      priority: faq?.priority ?? 'medium',
      active: faq?.active ?? true,
    },
    validate: {
      question: (v) => (v.trim() ? null : t('common.required')),
      answer: (v) => (v.trim() ? null : t('common.required')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    const body = { ...values, category: values.category.trim() || null };
    try {
      if (faq) await unwrap(client.PATCH('/api/v1/knowledge/faqs/{id}', { params: { path: { id: faq.id } }, body }));
      else await unwrap(client.POST('/api/v1/knowledge/faqs', { body }));
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <TextInput label={t('knowledge.question')} required {...form.getInputProps('question')} />
        <Textarea label={t('knowledge.answer')} required autosize minRows={3} {...form.getInputProps('answer')} />
        <Group grow>
          <TextInput label={t('knowledge.category')} {...form.getInputProps('category')} />
          <Select
            label={t('knowledge.priority')}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`knowledge.priorities.${p}`) }))}
            allowDeselect={false}
            {...form.getInputProps('priority')}
          />
        </Group>
        <TagsInput label={t('knowledge.tags')} {...form.getInputProps('tags')} />
        <Switch label={t('knowledge.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FaqImport({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [overwrite, setOverwrite] = useState(false);
  const [preview, setPreview] = useState<FaqImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await unwrap(
        client.POST('/api/v1/knowledge/faqs/import', {
          params: { query: { dry_run: dryRun, overwrite } },
          body: { file: '' },
          bodySerializer: () => {
            const data = new FormData();
            data.append('file', file);
            return data;
          },
        }),
      );
      if (dryRun) setPreview(result);
      else {
        notifySuccess(t('knowledge.imported', { created: result.summary.created, updated: result.summary.updated }));
        onDone();
      }
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('knowledge.importHelp')}
      </Text>
      <FileInput label={t('products.csvFile')} accept=".csv,text/csv" value={file} onChange={(f) => { setFile(f); setPreview(null); }} clearable />
      <Switch label={t('knowledge.overwrite')} checked={overwrite} onChange={(e) => { setOverwrite(e.currentTarget.checked); setPreview(null); }} />
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Group>
        <Button variant="light" disabled={!file} loading={busy && !preview} onClick={() => void run(true)}>
          {t('products.preview')}
        </Button>
        <Button disabled={!preview?.valid} loading={busy && !!preview} onClick={() => void run(false)}>
          {t('products.commitImport')}
        </Button>
      </Group>
      {preview && (
        <Stack gap="xs" aria-live="polite">
          <Group gap="xs">
            <Badge color="teal">{t('products.summary.created', { count: preview.summary.created })}</Badge>
            <Badge color="blue">{t('products.summary.updated', { count: preview.summary.updated })}</Badge>
            <Badge color="gray">{t('knowledge.skipped', { count: preview.summary.skipped })}</Badge>
            <Badge color={preview.summary.errors ? 'red' : 'gray'}>{t('products.summary.errors', { count: preview.summary.errors })}</Badge>
          </Group>
          {preview.errors.length > 0 && (
            <Table>
              <Table.Tbody>
                {preview.errors.map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{t('products.row')} {e.row}</Table.Td>
                    <Table.Td>{e.column}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {preview.duplicates.length > 0 && (
            <Text size="sm">{t('knowledge.duplicates', { rows: preview.duplicates.map((d) => d.row).join(', ') })}</Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

export function FaqsPanel() {
  const { t } = useTranslation();
  const { role } = useWorkspace();
  const editable = canEdit(role);
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Faq | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const query = { page, per_page: 20, q: q.trim() || undefined };
  const faqs = useQuery({
    queryKey: ['faqs', query],
    queryFn: () => unwrap(client.GET('/api/v1/knowledge/faqs', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['faqs'] });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/knowledge/faqs/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
    onError: notifyError,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <TextInput
          aria-label={t('common.search')}
          placeholder={t('knowledge.searchFaqs')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }}
          w={{ base: '100%', xs: 280 }}
        />
        {editable && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)}>
              {t('knowledge.importCsv')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('knowledge.newFaq')}
            </Button>
          </Group>
        )}
      </Group>
      <ScrollArea>
        <Table striped miw={600}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('knowledge.question')}</Table.Th>
              <Table.Th>{t('knowledge.category')}</Table.Th>
              <Table.Th>{t('knowledge.priority')}</Table.Th>
              <Table.Th>{t('knowledge.active')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(faqs.data?.items ?? []).map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <Text fw={500} size="sm">{f.question}</Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>{f.answer}</Text>
                </Table.Td>
                <Table.Td>{f.category ?? '—'}</Table.Td>
                <Table.Td>{t(`knowledge.priorities.${f.priority}`, { defaultValue: f.priority })}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={f.active ? 'teal' : 'gray'}>{f.active ? t('common.yes') : t('common.no')}</Badge>
                </Table.Td>
                <Table.Td>
                  {editable && (
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => setEditing(f)}>
                        <IconEdit size={16} />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => remove.mutate(f.id)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {faqs.data && faqs.data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed" ta="center" py="lg">{t('knowledge.noFaqs')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Pagination total={faqs.data?.total_pages ?? 0} value={page} onChange={setPage} />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('knowledge.newFaq') : t('knowledge.editFaq')} size="lg">
        {editing !== null && (
          <FaqForm faq={editing === 'new' ? null : editing} onDone={() => { setEditing(null); refresh(); }} />
        )}
      </Modal>
      <Modal opened={importing} onClose={() => setImporting(false)} title={t('knowledge.importCsv')} size="lg">
        <FaqImport onDone={() => { setImporting(false); refresh(); }} />
      </Modal>
    </Stack>
  );
}
