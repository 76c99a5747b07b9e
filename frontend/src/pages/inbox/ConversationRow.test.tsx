import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { ConversationRow } from './ConversationRow';
import { row } from './fixtures';

describe('conversation row', () => {
  it('links to the thread and shows the customer, preview, unread badge, status and owner', () => {
    renderWithProviders(<ConversationRow row={row} selected={false} />);
    const link = screen.getByRole('link');
    expect(link).toHaveAttribute('href', '/inbox/c1');
    expect(link).toHaveTextContent('Linh Tran');
    expect(link).toHaveTextContent('Can I pay on delivery?');
    expect(screen.getByLabelText('3 unread')).toHaveTextContent('3');
    expect(link).toHaveTextContent('Needs a person');
    expect(link).toHaveTextContent('Team');
    expect(link).toHaveTextContent('WhatsApp');
    expect(link).toHaveTextContent('Order');
  });

  it('has no unread badge when everything was read, and marks the open one', () => {
    renderWithProviders(
      <ConversationRow
        row={{ ...row, unread_count: 0, customer: { ...row.customer, name: null }, last_message: { preview: 'Sure!', direction: 'outbound', at: row.created_at } }}
        selected
      />,
    );
    expect(screen.queryByLabelText(/unread/)).not.toBeInTheDocument();
    const link = screen.getByRole('link');
    expect(link).toHaveAttribute('aria-current', 'true');
    expect(link).toHaveTextContent('Unknown customer');
    expect(link).toHaveTextContent('You: Sure!');
  });
});
