import {
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Pagination,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { IconChevronDown, IconDownload, IconPlus, IconSearch, IconSelector, IconUpload } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, download } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Product } from '../../api/types';
import { canEdit, canManage, useWorkspace } from '../../auth/AuthProvider';
import { notifyError, notifySuccess } from '../../components/feedback';
import { ImportProducts } from './ImportProducts';
import { ProductForm } from './ProductForm';

type SortField = 'name' | 'price' | 'created_at';
const PER_PAGE = 20;

export default function ProductsPage() {
  const { t } = useTranslation();
  const { workspace, role } = useWorkspace();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [available, setAvailable] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [sort, setSort] = useState<{ field: SortField; desc: boolean }>({ field: 'created_at', desc: true });
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const editable = canEdit(role);

  const query = {
    page,
    per_page: PER_PAGE,
    q: q.trim() || undefined,
    available: available === null ? undefined : available === 'true',
    category: category ?? undefined,
    sort: `${sort.desc ? '-' : ''}${sort.field}`,
  };
  const products = useQuery({
    queryKey: ['products', query],
    queryFn: () => unwrap(client.GET('/api/v1/products', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const categories = useQuery({
    queryKey: ['categories'],
    queryFn: () => unwrap(client.GET('/api/v1/categories', { params: { query: { per_page: 100 } } })),
  });

  const refresh = () => {
    setSelected([]);
    void queryClient.invalidateQueries({ queryKey: ['products'] });
    void queryClient.invalidateQueries({ queryKey: ['workspace'] });
  };

  const bulk = useMutation({
    mutationFn: (body: { action: 'set_availability'; available: boolean } | { action: 'delete' }) =>
      unwrap(client.POST('/api/v1/products/bulk', { body: { ...body, ids: selected } })),
    onSuccess: (result) => {
      notifySuccess(t('products.bulkDone', { succeeded: result.succeeded, failed: result.failed }));
      refresh();
    },
    onError: notifyError,
  });

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('products.deleteTitle'),
      children: <Text size="sm">{t('products.deleteConfirm', { count: selected.length })}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => bulk.mutate({ action: 'delete' }),
    });

  const toggleSort = (field: SortField) =>
    setSort((s) => (s.field === field ? { field, desc: !s.desc } : { field, desc: false }));

  const items = products.data?.items ?? [];
  const allSelected = items.length > 0 && items.every((p) => selected.includes(p.id));

  const header = (field: SortField, label: string) => (
    <Table.Th aria-sort={sort.field === field ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => toggleSort(field)} fw={600} fz="sm">
        <Group gap={4} wrap="nowrap">
          {label}
          <IconSelector size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('products.title')}
        </Title>
        <Group gap="xs">
          {canManage(role) && (
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => download('/api/v1/products/export', 'products.csv').catch(notifyError)}>
              {t('products.export')}
            </Button>
          )}
          {editable && (
            <>
              <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)}>
                {t('products.import')}
              </Button>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
                {t('products.new')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap">
        <TextInput
          aria-label={t('common.search')}
          placeholder={t('products.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          w={{ base: '100%', xs: 260 }}
        />
        <Select
          aria-label={t('products.availability')}
          placeholder={t('products.availability')}
          clearable
          w={170}
          data={[
            { value: 'true', label: t('products.availableOnly') },
            { value: 'false', label: t('products.unavailableOnly') },
          ]}
          value={available}
          onChange={(v) => {
            setAvailable(v);
            setPage(1);
          }}
        />
        <Select
          aria-label={t('products.category')}
          placeholder={t('products.category')}
          clearable
          w={200}
          data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.path }))}
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
        />
        {editable && selected.length > 0 && (
          <Menu>
            <Menu.Target>
              <Button variant="light" rightSection={<IconChevronDown size={14} />} loading={bulk.isPending}>
                {t('products.selected', { count: selected.length })}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => bulk.mutate({ action: 'set_availability', available: true })}>{t('products.makeAvailable')}</Menu.Item>
              <Menu.Item onClick={() => bulk.mutate({ action: 'set_availability', available: false })}>{t('products.makeUnavailable')}</Menu.Item>
              <Menu.Item color="red" onClick={confirmDelete}>
                {t('common.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <ScrollArea>
        <Table striped highlightOnHover miw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t('products.selectAll')}
                  checked={allSelected}
                  indeterminate={!allSelected && items.some((p) => selected.includes(p.id))}
                  onChange={() => setSelected(allSelected ? [] : items.map((p) => p.id))}
                />
              </Table.Th>
              {header('name', t('products.name'))}
              <Table.Th>{t('products.variants')}</Table.Th>
              {header('price', t('products.price'))}
              <Table.Th>{t('products.stock')}</Table.Th>
              <Table.Th>{t('products.status')}</Table.Th>
              {header('created_at', t('products.created'))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Checkbox
                    aria-label={t('products.select', { name: p.name })}
                    checked={selected.includes(p.id)}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      setSelected((s) => (checked ? [...s, p.id] : s.filter((id) => id !== p.id)));
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <UnstyledButton onClick={() => editable && setEditing(p)} fw={500} disabled={!editable}>
                    {p.name}
                  </UnstyledButton>
                  {p.sku && (
                    <Text size="xs" c="dimmed">
                      {p.sku}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.variants.map((v) => v.name).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  {p.price.effective.amount} {p.price.effective.currency}
                  {p.price.offer && (
                    <Text size="xs" c="dimmed" td="line-through">
                      {p.price.base.amount}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.stock ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge color={p.available ? 'teal' : 'gray'} variant="light">
                    {p.available ? t('products.availableBadge') : t('products.unavailableBadge')}
                  </Badge>
                </Table.Td>
                <Table.Td>{new Date(p.created_at).toLocaleDateString()}</Table.Td>
              </Table.Tr>
            ))}
            {!products.isLoading && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed" ta="center" py="lg">
                    {t('products.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('common.total', { count: products.data?.total ?? 0 })}
        </Text>
        <Pagination total={products.data?.total_pages ?? 0} value={page} onChange={setPage} aria-label={t('common.pagination')} />
      </Group>

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('products.newTitle') : t('products.editTitle')}
        size="xl"
        fullScreen={typeof window !== 'undefined' && window.innerWidth < 600}
      >
        {editing !== null && (
          <ProductForm
            product={editing === 'new' ? undefined : editing}
            currency={workspace?.currency ?? 'EUR'}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              notifySuccess(t('products.saved', { name: saved.name }));
              setEditing(null);
              refresh();
            }}
          />
        )}
      </Modal>
      <Modal opened={importing} onClose={() => setImporting(false)} title={t('products.importTitle')} size="xl">
        <ImportProducts
          onImported={(result) => {
            notifySuccess(t('products.imported', { created: result.summary.created, updated: result.summary.updated }));
            setImporting(false);
            refresh();
          }}
        />
      </Modal>
    </Stack>
  );
}
