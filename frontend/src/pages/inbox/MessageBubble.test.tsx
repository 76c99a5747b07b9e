import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { message } from './fixtures';
import { MessageBubble } from './MessageBubble';

describe('message bubble', () => {
  it('tells the customer, the assistant and an agent apart by side and label', () => {
    renderWithProviders(
      <div>
        <MessageBubble message={message({ id: 'a', text: 'Is the serum vegan?' })} customerName="Linh" agentName={null} />
        <MessageBubble
          message={message({ id: 'b', sender: 'assistant', direction: 'outbound', text: 'Yes, it is.', status: 'delivered' })}
          customerName="Linh"
          agentName={null}
        />
        <MessageBubble
          message={message({ id: 'c', sender: 'agent', sender_member_id: 'u1', direction: 'outbound', text: 'Ships today.', status: 'read' })}
          customerName="Linh"
          agentName="Ana"
        />
      </div>,
    );
    const customer = screen.getByRole('article', { name: 'Linh' });
    const assistant = screen.getByRole('article', { name: 'Assistant' });
    const agent = screen.getByRole('article', { name: 'Agent · Ana' });
    expect(customer).toHaveTextContent('Is the serum vegan?');
    expect(customer).toHaveAttribute('data-sender', 'customer');
    expect(customer).toHaveStyle({ alignSelf: 'flex-start' });
    expect(assistant).toHaveAttribute('data-sender', 'assistant');
    expect(assistant).toHaveStyle({ alignSelf: 'flex-end' });
    expect(agent).toHaveAttribute('data-sender', 'agent');
    expect(agent).toHaveStyle({ alignSelf: 'flex-end' });
    // Distinct looks: each voice has its own class.
    expect(new Set([customer.className, assistant.className, agent.className]).size).toBe(3);
  });

  it('shows the delivery status of outbound messages only', () => {
    renderWithProviders(
      <div>
        <MessageBubble message={message({ id: 'a' })} customerName="Linh" agentName={null} />
        <MessageBubble
          message={message({ id: 'b', sender: 'agent', direction: 'outbound', status: 'failed', failure_code: 'outside_window' })}
          customerName="Linh"
          agentName={null}
        />
      </div>,
    );
    const statuses = screen.getAllByTestId('delivery-status');
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toHaveTextContent('Not delivered (outside the messaging window)');
    expect(screen.getByRole('article', { name: 'Agent' })).toContainElement(statuses[0]!);
  });
});
