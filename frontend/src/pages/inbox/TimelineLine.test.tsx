import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { TimelineLine } from './TimelineLine';

const at = '2026-11-22T10:00:00Z';

describe('timeline line', () => {
  it('gives an escalation its reason', () => {
    renderWithProviders(<TimelineLine entry={{ id: 'e1', kind: 'escalated', reason: 'order_confirmed', member_id: null, at }} memberName={null} />);
    expect(screen.getByRole('note')).toHaveTextContent('Handed to the team: order confirmed');
  });

  it('names the member who acted, and reads well without one', () => {
    renderWithProviders(
      <div>
        <TimelineLine entry={{ id: 'e2', kind: 'agent_joined', reason: null, member_id: 'u1', at }} memberName="Ana" />
        <TimelineLine entry={{ id: 'e3', kind: 'resolved', reason: null, member_id: null, at }} memberName={null} />
      </div>,
    );
    const [joined, resolved] = screen.getAllByRole('note');
    expect(joined).toHaveTextContent('Taken over by Ana');
    expect(resolved).toHaveTextContent(/— Resolved ·/);
  });
});
