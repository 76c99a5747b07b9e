import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Product } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import { ProductForm } from './ProductForm';
import { diffProduct, fromProduct, validateProduct, emptyProduct, type ProductValues } from './productForm';

const money = (amount: string) => ({ amount, currency: 'EUR' });
const quote = (amount: string) => ({ base: money(amount), effective: money(amount), offer: null });

const serum: Product = {
  id: 'p1',
  name: 'Glow Serum',
  description: 'Vitamin C',
  sku: 'GS-1',
  images: [],
  available: true,
  stock: 12,
  category_id: null,
  supplier_id: null,
  tags: ['vegan'],
  list_price: money('29.00'),
  price: quote('29.00'),
  offered: true,
  variants: [
    { id: 'v30', type: 'size', name: '30ml', price_modifier: money('0.00'), available: true, stock: null, price: quote('29.00'), offered: true },
    { id: 'v50', type: 'size', name: '50ml', price_modifier: money('10.00'), available: true, stock: 3, price: quote('39.00'), offered: true },
  ],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('product form', () => {
  it('adds and removes variants and sends them with the product', async () => {
    const user = userEvent.setup();
    const save = vi.fn(async (_values: ProductValues) => serum);
    const onSaved = vi.fn();
    renderWithProviders(<ProductForm currency="EUR" onSaved={onSaved} save={save} />);

    await user.type(screen.getByRole('textbox', { name: /^name/i }), 'Glow Serum');
    await user.type(screen.getByRole('textbox', { name: /^price/i }), '29.00');
    const add = screen.getByRole('button', { name: /add variant/i });
    await user.click(add);
    await user.click(add);
    await user.click(add);
    expect(screen.getAllByTestId('variant-row')).toHaveLength(3);

    const rows = screen.getAllByTestId('variant-row');
    await user.type(within(rows[0]!).getByRole('textbox', { name: /^variant/i }), '30ml');
    await user.type(within(rows[1]!).getByRole('textbox', { name: /^variant/i }), '50ml');
    const modifier = within(rows[1]!).getByRole('textbox', { name: /price change/i });
    await user.clear(modifier);
    await user.type(modifier, '10.00');
    // The third row goes again before saving.
    await user.click(within(rows[2]!).getByRole('button', { name: /remove variant/i }));
    expect(screen.getAllByTestId('variant-row')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /create product/i }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(serum));
    const sent = save.mock.calls[0]![0];
    expect(sent.name).toBe('Glow Serum');
    expect(sent.variants.map((v) => [v.name, v.price_modifier])).toEqual([
      ['30ml', '0'],
      ['50ml', '10.00'],
    ]);
  });

  it('shows validation errors and sends nothing while the form is invalid', async () => {
    const user = userEvent.setup();
    const save = vi.fn(async () => serum);
    renderWithProviders(<ProductForm currency="EUR" onSaved={() => {}} save={save} />);

    await user.type(screen.getByRole('textbox', { name: /^name/i }), 'Gl');
    await user.type(screen.getByRole('textbox', { name: /^price/i }), '0');
    await user.click(screen.getByRole('button', { name: /add variant/i }));
    await user.click(screen.getByRole('button', { name: /add variant/i }));
    const rows = screen.getAllByTestId('variant-row');
    await user.type(within(rows[0]!).getByRole('textbox', { name: /^variant/i }), '50ml');
    await user.type(within(rows[1]!).getByRole('textbox', { name: /^variant/i }), ' 50ML ');
    await user.click(screen.getByRole('button', { name: /create product/i }));

    expect(await screen.findByText('The name needs 3 to 100 characters')).toBeInTheDocument();
    expect(screen.getByText('Enter a price above zero, like 24.90')).toBeInTheDocument();
    expect(screen.getByText('Two variants have this name')).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();
  });

  it('puts the server field errors on the matching inputs', async () => {
    const user = userEvent.setup();
    const { ApiError } = await import('../../api/errors');
    const save = vi.fn(async () => {
      throw ApiError.fromBody(409, { error: { code: 'sku_taken', message: 'SKU GS-1 is already used', request_id: 'r', details: { field: 'sku' } } });
    });
    renderWithProviders(<ProductForm currency="EUR" onSaved={() => {}} save={save} />);
    await user.type(screen.getByRole('textbox', { name: /^name/i }), 'Glow Serum');
    await user.type(screen.getByRole('textbox', { name: /^price/i }), '29');
    await user.type(screen.getByRole('textbox', { name: /^sku/i }), 'GS-1');
    await user.click(screen.getByRole('button', { name: /create product/i }));
    expect(await screen.findByText('SKU GS-1 is already used')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^sku/i })).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits an existing product: variants as adds, changes and removals', () => {
    const before = fromProduct(serum);
    const after: ProductValues = {
      ...before,
      price: '31,50',
      variants: [
        { ...before.variants[1]!, price_modifier: '12.00' },
        { key: 'new', id: null, type: 'size', name: '100ml', price_modifier: '20', stock: '', available: true },
      ],
    };
    const changes = diffProduct(before, after);
    expect(changes.product.price).toBe('31.50');
    expect(changes.removed).toEqual(['v30']);
    expect(changes.changed).toEqual([{ id: 'v50', body: { type: 'size', name: '50ml', price_modifier: '12.00', available: true, stock: 3 } }]);
    expect(changes.added.map((v) => v.name)).toEqual(['100ml']);
  });

  it('refuses a variant discount that takes the price to zero', () => {
    const values: ProductValues = {
      ...emptyProduct(),
      name: 'Lip Balm',
      price: '5',
      variants: [{ key: 'a', id: null, type: 'size', name: 'Mini', price_modifier: '-5', stock: '', available: true }],
    };
    expect(validateProduct(values)).toEqual({ 'variants.0.price_modifier': 'products.errors.modifierTotal' });
  });
});
