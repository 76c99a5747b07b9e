import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { client } from '../api/client';
import type { NotificationFeed } from '../api/types';
import { renderWithProviders } from '../test/render';
import { NotificationBell } from './NotificationBell';

const feed: NotificationFeed = {
  items: [
    {
      id: 'n1',
      kind: 'order_captured',
      priority: 'high',
      title: 'Order #1007 captured',
      body: '2 × Glow Serum for Olga',
      link: '/orders/o1',
      subject_id: 'o1',
      created_at: '2026-11-22T10:00:00Z',
      read_at: null,
    },
  ],
  page: 1,
  per_page: 15,
  total: 1,
  total_pages: 1,
  unread: 3,
};

afterEach(() => vi.restoreAllMocks());

describe('notification bell', () => {
  it('names the unread count and lists the feed', async () => {
    const user = userEvent.setup();
    vi.spyOn(client, 'GET').mockResolvedValue({ data: feed, response: new Response(null, { status: 200 }) } as never);
    renderWithProviders(<NotificationBell />);
    const bell = await screen.findByRole('button', { name: 'Notifications, 3 unread' });
    await user.click(bell);
    expect(await screen.findByText('Order #1007 captured')).toBeInTheDocument();
    expect(screen.getByText('2 × Glow Serum for Olga')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark all read' })).toBeEnabled();
  });
});
