import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Member } from '../../api/types';
import { ApiError } from '../../api/errors';
import { renderWithProviders } from '../../test/render';
import { NoteBubble } from './NoteBubble';
import { NoteForm } from './NoteForm';

const member = (user_id: string, name: string): Member =>
  ({ id: `m-${user_id}`, user_id, name, email: `${name.toLowerCase()}@glow.test`, role: 'agent' }) as Member;

describe('internal notes', () => {
  it('saves the trimmed note with the chosen mentions and leaves the author out of the list', async () => {
    const user = userEvent.setup();
    const onAdd = vi.fn(async () => ({}));
    renderWithProviders(<NoteForm members={[member('u1', 'Ana'), member('u2', 'Marco')]} selfId="u1" onAdd={onAdd} />);
    await user.type(screen.getByRole('textbox', { name: 'Internal note' }), '  refund by Friday  ');
    await user.click(screen.getByRole('textbox', { name: 'Notify teammates' }));
    expect(screen.queryByRole('option', { name: 'Ana' })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'Marco' }));
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(onAdd).toHaveBeenCalledWith('refund by Friday', ['u2']);
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Internal note' })).toHaveValue(''));
  });

  it('keeps the text and shows the refusal when saving fails', async () => {
    const user = userEvent.setup();
    const onAdd = vi.fn(async () => {
      throw new ApiError(403, 'forbidden', 'Viewers cannot write notes', 'r1', {}, null);
    });
    renderWithProviders(<NoteForm members={[]} selfId="u1" onAdd={onAdd} />);
    await user.type(screen.getByRole('textbox', { name: 'Internal note' }), 'call back');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Internal note' })).toHaveValue('call back');
  });

  it('shows a note as internal, with its author and who it notified', () => {
    renderWithProviders(
      <NoteBubble
        note={{ id: 'n1', body: 'she wants the serum', author: { member_id: 'u1', name: 'Ana' }, mentions: ['u2'], created_at: '2026-11-22T10:00:00Z' }}
        mentioned={['Marco']}
      />,
    );
    const note = screen.getByRole('article', { name: 'Note · Ana' });
    expect(note).toHaveTextContent('she wants the serum');
    expect(note).toHaveTextContent('Notified: Marco');
  });
});
