// The product form's values, its validation (the catalog's own rules, checked before
// sending), and the requests it turns into: one create with every variant, or for an
// edit, the product patch plus the variant adds, changes and removals it implies.
import type { CreateProduct, NewVariant, Product, UpdateProduct } from '../../api/types';

export const VARIANT_TYPES = ['size', 'shade', 'scent', 'color', 'custom'] as const;

export interface VariantValues {
  /** Stable key for React lists; the server id when the variant exists. */
  key: string;
  id: string | null;
  type: string;
  name: string;
  price_modifier: string;
  stock: number | '';
  available: boolean;
}

export interface ProductValues {
  name: string;
  description: string;
  price: string;
  sku: string;
  stock: number | '';
  available: boolean;
  tags: string[];
  category_id: string | null;
  variants: VariantValues[];
}

let counter = 0;
export function newVariant(): VariantValues {
  counter += 1;
  return { key: `new-${counter}`, id: null, type: 'size', name: '', price_modifier: '0', stock: '', available: true };
}

export function emptyProduct(): ProductValues {
  return { name: '', description: '', price: '', sku: '', stock: '', available: true, tags: [], category_id: null, variants: [] };
}

export function fromProduct(p: Product): ProductValues {
  return {
    name: p.name,
    description: p.description,
    price: p.list_price.amount,
    sku: p.sku ?? '',
    stock: p.stock ?? '',
    available: p.available,
    tags: p.tags,
    category_id: p.category_id ?? null,
    variants: p.variants.map((v) => ({
      key: v.id,
      id: v.id,
      type: v.type,
      name: v.name,
      price_modifier: v.price_modifier.amount,
      stock: v.stock ?? '',
      available: v.available,
    })),
  };
}

const AMOUNT = /^-?\d+([.,]\d{1,2})?$/;
const toAmount = (raw: string) => raw.trim().replace(',', '.');

/** Error message keys (for i18n) by form path; empty when the form can be sent. */
export function validateProduct(values: ProductValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const name = values.name.trim();
  if (name.length < 3 || name.length > 100) errors.name = 'products.errors.name';
  const price = toAmount(values.price);
  if (!AMOUNT.test(price) || Number(price) <= 0) errors.price = 'products.errors.price';
  if (values.stock !== '' && values.stock < 0) errors.stock = 'products.errors.stock';
  const seen = new Set<string>();
  values.variants.forEach((v, i) => {
    const key = v.name.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!key) errors[`variants.${i}.name`] = 'products.errors.variantName';
    else if (seen.has(key)) errors[`variants.${i}.name`] = 'products.errors.variantDuplicate';
    seen.add(key);
    const modifier = toAmount(v.price_modifier || '0');
    if (!AMOUNT.test(modifier)) errors[`variants.${i}.price_modifier`] = 'products.errors.modifier';
    else if (AMOUNT.test(price) && Number(price) + Number(modifier) <= 0)
      errors[`variants.${i}.price_modifier`] = 'products.errors.modifierTotal';
    if (v.stock !== '' && v.stock < 0) errors[`variants.${i}.stock`] = 'products.errors.stock';
  });
  return errors;
}

function variantRequest(v: VariantValues): NewVariant {
  return {
    type: v.type,
    name: v.name.trim(),
    price_modifier: toAmount(v.price_modifier || '0'),
    available: v.available,
    stock: v.stock === '' ? null : v.stock,
  };
}

export function toCreateRequest(values: ProductValues): CreateProduct {
  return {
    name: values.name.trim(),
    description: values.description.trim() || null,
    price: toAmount(values.price),
    sku: values.sku.trim() || null,
    available: values.available,
    stock: values.stock === '' ? null : values.stock,
    tags: values.tags,
    category_id: values.category_id,
    variants: values.variants.map(variantRequest),
  };
}

export interface ProductChanges {
  product: UpdateProduct;
  added: NewVariant[];
  changed: { id: string; body: NewVariant }[];
  removed: string[];
}

/** What an edit sends: variants change through their own routes. */
export function diffProduct(before: ProductValues, after: ProductValues): ProductChanges {
  const product: UpdateProduct = {
    name: after.name.trim(),
    description: after.description.trim(),
    price: toAmount(after.price),
    sku: after.sku.trim() || null,
    available: after.available,
    stock: after.stock === '' ? null : after.stock,
    tags: after.tags,
    category_id: after.category_id,
  };
  const existing = new Map(before.variants.filter((v) => v.id).map((v) => [v.id as string, v]));
  const kept = new Set(after.variants.filter((v) => v.id).map((v) => v.id as string));
  const added = after.variants.filter((v) => !v.id).map(variantRequest);
  const changed = after.variants
    .filter((v) => v.id)
    .filter((v) => JSON.stringify(variantRequest(v)) !== JSON.stringify(variantRequest(existing.get(v.id as string) ?? v)))
    .map((v) => ({ id: v.id as string, body: variantRequest(v) }));
  const removed = [...existing.keys()].filter((id) => !kept.has(id));
  return { product, added, changed, removed };
}
