import { Alert, Badge, Button, FileInput, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { ImportResult } from '../../api/types';
import { describeError } from '../../components/feedback';

function importCsv(file: File, dryRun: boolean): Promise<ImportResult> {
  return unwrap(
    client.POST('/api/v1/products/import', {
      params: { query: { dry_run: dryRun } },
      body: { file: '' },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', file);
        return form;
      },
    }),
  );
}

/** Dry run first: the operator sees every row error and what would change before anything is written. */
export function ImportProducts({ onImported }: { onImported: (result: ImportResult) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await importCsv(file, dryRun);
      if (dryRun) setPreview(result);
      else onImported(result);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('products.importHelp')}
      </Text>
      <FileInput
        label={t('products.csvFile')}
        accept=".csv,text/csv"
        leftSection={<IconFileTypeCsv size={16} />}
        value={file}
        onChange={(f) => {
          setFile(f);
          setPreview(null);
        }}
        clearable
      />
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Group>
        <Button variant="light" onClick={() => void run(true)} disabled={!file} loading={busy && !preview}>
          {t('products.preview')}
        </Button>
        <Button onClick={() => void run(false)} disabled={!preview?.valid} loading={busy && !!preview}>
          {t('products.commitImport')}
        </Button>
      </Group>
      {preview && (
        <Stack gap="xs" aria-live="polite">
          <Group gap="xs">
            <Badge color="teal">{t('products.summary.created', { count: preview.summary.created })}</Badge>
            <Badge color="blue">{t('products.summary.updated', { count: preview.summary.updated })}</Badge>
            <Badge color="gray">{t('products.summary.unchanged', { count: preview.summary.unchanged })}</Badge>
            <Badge color={preview.summary.errors ? 'red' : 'gray'}>{t('products.summary.errors', { count: preview.summary.errors })}</Badge>
          </Group>
          {preview.errors.length > 0 && (
            <>
              <Alert color="red">{t('products.fixErrors')}</Alert>
              <ScrollArea h={200}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('products.row')}</Table.Th>
                      <Table.Th>{t('products.column')}</Table.Th>
                      <Table.Th>{t('products.problem')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.errors.map((e, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{e.row}</Table.Td>
                        <Table.Td>{e.column}</Table.Td>
                        <Table.Td>{e.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </>
          )}
          {preview.products.length > 0 && (
            <ScrollArea h={220}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('products.row')}</Table.Th>
                    <Table.Th>{t('products.action')}</Table.Th>
                    <Table.Th>{t('products.name')}</Table.Th>
                    <Table.Th>{t('products.price')}</Table.Th>
                    <Table.Th>{t('products.variants')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.products.map((p) => (
                    <Table.Tr key={`${p.row}-${p.name}`}>
                      <Table.Td>{p.row}</Table.Td>
                      <Table.Td>{p.action}</Table.Td>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>
                        {p.list_price.amount} {p.list_price.currency}
                      </Table.Td>
                      <Table.Td>{p.variants.map((v) => v.name).join(', ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Stack>
      )}
    </Stack>
  );
}
