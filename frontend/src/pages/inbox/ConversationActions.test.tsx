import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { client } from '../../api/client';
import type { Member } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import { ConversationActions } from './ConversationActions';
import { detail } from './fixtures';
import { useConversationActions } from './queries';

const who = vi.hoisted(() => ({ role: 'admin' }));
vi.mock('../../auth/AuthProvider', async (original) => ({
  ...(await original<typeof import('../../auth/AuthProvider')>()),
  useWorkspace: () => ({ role: who.role, user: { id: 'me' }, workspace: undefined }),
}));

const members: Member[] = [
  { id: 'mb1', user_id: 'u-ana', email: 'ana@glow.it', name: 'Ana', role: 'agent', joined_at: '2026-01-01T00:00:00Z' },
];
const handled = {
  ...detail([]),
  status: 'agent_handling',
  state: { ...detail([]).state, lifecycle: 'agent_handling', assigned_member_id: 'u-ana' },
};

function Harness() {
  const actions = useConversationActions('c1');
  return <ConversationActions conversation={handled} members={members} actions={actions} />;
}

const taken = () =>
  Promise.resolve({
    error: { error: { code: 'conversation_taken', message: 'a person already handles it' } },
    response: new Response(null, { status: 409 }),
  });

afterEach(() => vi.restoreAllMocks());

describe('conversation actions', () => {
  it('says who holds a taken conversation and lets an admin force it', async () => {
    const user = userEvent.setup();
    const post = vi.spyOn(client, 'POST').mockImplementationOnce(taken as never);
    renderWithProviders(<Harness />);
    expect(screen.getByRole('button', { name: 'Return to assistant' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Take over' }));
    const alert = await screen.findByTestId('taken');
    expect(alert).toHaveTextContent('Ana is already handling this conversation.');
    post.mockImplementationOnce((() =>
      Promise.resolve({ data: handled.state, response: new Response(null, { status: 200 }) })) as never);
    await user.click(screen.getByRole('button', { name: 'Take it over anyway' }));
    await waitFor(() => expect(post).toHaveBeenLastCalledWith('/api/v1/conversations/{id}/takeover', expect.objectContaining({ body: { force: true } })));
    await waitFor(() => expect(screen.queryByTestId('taken')).not.toBeInTheDocument());
  });

  it('offers no force to an agent', async () => {
    who.role = 'agent';
    const user = userEvent.setup();
    vi.spyOn(client, 'POST').mockImplementationOnce(taken as never);
    renderWithProviders(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Take over' }));
    expect(await screen.findByTestId('taken')).toHaveTextContent('Ana is already handling');
    expect(screen.queryByRole('button', { name: 'Take it over anyway' })).not.toBeInTheDocument();
  });
});
