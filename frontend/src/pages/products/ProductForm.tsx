import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Product } from '../../api/types';
import { applyFieldErrors, describeError } from '../../components/feedback';
import { diffProduct, emptyProduct, fromProduct, newVariant, toCreateRequest, validateProduct, VARIANT_TYPES, type ProductValues } from './productForm';

export interface ProductFormProps {
  product?: Product;
  currency: string;
  onSaved: (product: Product) => void;
  onCancel?: () => void;
  /** Sends the request; the page passes the real API, tests a fake. */
  save?: (values: ProductValues, before: ProductValues | null, product?: Product) => Promise<Product>;
}

export async function saveProduct(values: ProductValues, before: ProductValues | null, product?: Product): Promise<Product> {
  if (!product || !before) {
    return unwrap(client.POST('/api/v1/products', { body: toCreateRequest(values) }));
  }
  const id = product.id;
  const changes = diffProduct(before, values);
  // Removals first, so a variant renamed into a removed one's name does not collide.
  for (const variantId of changes.removed) {
    await unwrap(client.DELETE('/api/v1/products/{id}/variants/{variant_id}', { params: { path: { id, variant_id: variantId } } }));
  }
  for (const { id: variantId, body } of changes.changed) {
    await unwrap(client.PATCH('/api/v1/products/{id}/variants/{variant_id}', { params: { path: { id, variant_id: variantId } }, body }));
  }
  for (const body of changes.added) {
    await unwrap(client.POST('/api/v1/products/{id}/variants', { params: { path: { id } }, body }));
  }
  await unwrap(client.PATCH('/api/v1/products/{id}', { params: { path: { id } }, body: changes.product }));
  return unwrap(client.GET('/api/v1/products/{id}', { params: { path: { id } } }));
}

export function ProductForm({ product, currency, onSaved, onCancel, save = saveProduct }: ProductFormProps) {
  const { t } = useTranslation();
  const before = useMemo(() => (product ? fromProduct(product) : null), [product]);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<ProductValues>({
    initialValues: before ?? emptyProduct(),
    validate: (values) => Object.fromEntries(Object.entries(validateProduct(values)).map(([k, v]) => [k, t(v)])),
  });
  const categories = useQuery({
    queryKey: ['categories'],
    queryFn: () => unwrap(client.GET('/api/v1/categories', { params: { query: { per_page: 100 } } })),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      onSaved(await save(values, before, product));
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={product ? t('products.editTitle') : t('products.newTitle')}>
      <Stack>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <TextInput label={t('products.name')} required {...form.getInputProps('name')} />
        <Textarea label={t('products.description')} autosize minRows={2} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label={t('products.price')} required inputMode="decimal" rightSection={<Text size="xs">{currency}</Text>} rightSectionWidth={48} {...form.getInputProps('price')} />
          <TextInput label={t('products.sku')} {...form.getInputProps('sku')} />
          <NumberInput label={t('products.stock')} description={t('products.stockHint')} min={0} allowDecimal={false} {...form.getInputProps('stock')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t('products.category')}
            clearable
            data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.path }))}
            {...form.getInputProps('category_id')}
          />
          <TagsInput label={t('products.tags')} {...form.getInputProps('tags')} />
        </SimpleGrid>
        <Switch label={t('products.available')} {...form.getInputProps('available', { type: 'checkbox' })} />
        <Divider label={t('products.variants')} labelPosition="left" />
        {form.values.variants.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('products.noVariants')}
          </Text>
        )}
        {form.values.variants.map((variant, index) => (
          <Paper key={variant.key} withBorder p="sm" data-testid="variant-row">
            <Group align="flex-start" wrap="wrap" gap="sm">
              <Select
                label={t('products.variantType')}
                w={130}
                data={VARIANT_TYPES.map((v) => ({ value: v, label: t(`products.variantTypes.${v}`) }))}
                allowDeselect={false}
                {...form.getInputProps(`variants.${index}.type`)}
              />
              <TextInput label={t('products.variantName')} required w={150} {...form.getInputProps(`variants.${index}.name`)} />
              <TextInput label={t('products.priceModifier')} w={120} inputMode="decimal" {...form.getInputProps(`variants.${index}.price_modifier`)} />
              <NumberInput label={t('products.stock')} w={100} min={0} allowDecimal={false} {...form.getInputProps(`variants.${index}.stock`)} />
              <Checkbox mt={30} label={t('products.available')} {...form.getInputProps(`variants.${index}.available`, { type: 'checkbox' })} />
              <ActionIcon
                mt={26}
                color="red"
                variant="subtle"
                aria-label={t('products.removeVariant', { name: variant.name || index + 1 })}
                onClick={() => form.removeListItem('variants', index)}
              >
                <IconTrash size={18} />
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        <Group>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => form.insertListItem('variants', newVariant())}>
            {t('products.addVariant')}
          </Button>
        </Group>
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={form.submitting}>
            {product ? t('common.save') : t('products.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
