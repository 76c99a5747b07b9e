import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PlaygroundTurn } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import { DebugPanel } from './DebugPanel';

const free = (value: object) => value as Record<string, never>;

const turn: PlaygroundTurn = {
  conversation_id: 'c1',
  contact_id: 'k1',
  message_id: 'm1',
  reply: {
    text: 'Your order is confirmed!',
    kind: 'order_confirmation',
    sources: [{ kind: 'product', id: 'p1', title: 'Glow Serum', score: 0.93 }],
    confidence: 0.88,
    message_id: 'm2',
  },
  language: 'en',
  intent: { name: 'order_confirm', confidence: 0.91 },
  intents: [
    { name: 'order_confirm', confidence: 0.91 },
    { name: 'price_check', confidence: 0.2 },
  ],
  // Free-form JSON objects in the schema.
  entities: free({ products: [{ name: 'Glow Serum' }], variants: [], quantities: [2], location: null }),
  sentiment: free({ label: 'positive' }),
  frustration: free({}),
  state: {
    lifecycle: 'active',
    owner: 'assistant',
    order_stage: 'order_captured',
    cart: { lines: [{ product_id: 'p1', product: 'Glow Serum', variant: '50ml', quantity: 2 }], shipping_location: 'Milan' },
  },
  decision: free({ action: 'handoff', reason: 'order_confirmed', team_available: true }),
  handoff: { reason: 'order_confirmed' },
  order: {
    id: 'o1',
    number: 1007,
    status: 'captured',
    channel: 'playground',
    channel_id: null,
    customer_id: 'k1',
    conversation_id: 'c1',
    shipping_location: 'Milan',
    currency: 'EUR',
    total: { amount: '58.00', currency: 'EUR' },
    lines: [
      {
        product_id: 'p1',
        variant_id: 'v50',
        product_name: 'Glow Serum',
        variant_name: '50ml',
        base_unit_price: { amount: '29.00', currency: 'EUR' },
        unit_price: { amount: '29.00', currency: 'EUR' },
        offer: null,
        quantity: 2,
        line_total: { amount: '58.00', currency: 'EUR' },
      },
    ],
    notes: [],
    captured_at: '2026-11-22T10:00:00Z',
    updated_at: '2026-11-22T10:00:00Z',
  },
  guardrail: { blocked: false, violations: [] },
  engine: 'grounded',
  turn_ms: 3.2,
};

describe('playground debug panel', () => {
  it('asks for a message before the first turn', () => {
    renderWithProviders(<DebugPanel turn={null} />);
    expect(screen.getByText(/send a message to see/i)).toBeInTheDocument();
  });

  it('shows intent, decision, handoff, state, cart, order, sources and entities', () => {
    renderWithProviders(<DebugPanel turn={turn} />);
    expect(screen.getByTestId('intent')).toHaveTextContent('order_confirm');
    expect(screen.getByText('0.91')).toBeInTheDocument();
    expect(screen.getByText(/price_check 0.20/)).toBeInTheDocument();
    expect(screen.getByTestId('decision')).toHaveTextContent('Hand off');
    expect(screen.getByTestId('handoff')).toHaveTextContent('Handed to a person: order_confirmed');
    expect(screen.getByTestId('order-stage')).toHaveTextContent('order_captured');
    const cart = screen.getByTestId('cart');
    expect(within(cart).getByText('50ml')).toBeInTheDocument();
    expect(within(cart).getByText('× 2')).toBeInTheDocument();
    expect(screen.getByText('Ship to: Milan')).toBeInTheDocument();
    expect(screen.getByText('Order #1007 captured')).toBeInTheDocument();
    expect(screen.getByText('2 × Glow Serum (50ml)')).toBeInTheDocument();
    expect(screen.getByText('58.00 EUR')).toBeInTheDocument();
    const sources = screen.getByTestId('sources');
    expect(within(sources).getByText('Glow Serum')).toBeInTheDocument();
    expect(within(sources).getByText('0.93')).toBeInTheDocument();
    expect(screen.getByText('0.88')).toBeInTheDocument();
    // Empty entity lists and nulls are left out; what was found is shown.
    const entities = screen.getByText(/"products"/);
    expect(entities.textContent).toContain('Glow Serum');
    expect(entities.textContent).not.toContain('variants');
  });

  it('says when the assistant stayed silent', () => {
    renderWithProviders(
      <DebugPanel turn={{ ...turn, reply: null, handoff: null, order: null, decision: free({ action: 'stay_silent', because: 'human_owner' }) }} />,
    );
    expect(screen.getByTestId('decision')).toHaveTextContent('Stay silent');
    expect(screen.getByText('human_owner')).toBeInTheDocument();
    expect(screen.getByText('No sources used')).toBeInTheDocument();
  });
});
