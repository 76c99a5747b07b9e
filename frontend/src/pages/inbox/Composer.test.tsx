import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { renderWithProviders } from '../../test/render';
import { Composer } from './Composer';

const refusal = (window: string) =>
  new ApiError(422, 'outside_messaging_window', 'window closed', 'r1', {}, { window });

describe('reply box', () => {
  it('sends the trimmed text and clears the box', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn(async () => ({}));
    renderWithProviders(<Composer platform="web" window="open" onSend={onSend} />);
    await user.type(screen.getByRole('textbox', { name: 'Reply' }), '  Ships tomorrow  ');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledWith('Ships tomorrow');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue(''));
    expect(screen.queryByTestId('window-explanation')).not.toBeInTheDocument();
  });

  it('explains the 24-hour window in plain words when the platform refuses, and keeps the text', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn(async () => {
      throw refusal('template_required');
    });
    renderWithProviders(<Composer platform="whatsapp" window="unknown" onSend={onSend} />);
    await user.type(screen.getByRole('textbox', { name: 'Reply' }), 'Hello again');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const explanation = await screen.findByTestId('window-explanation');
    expect(explanation).toHaveTextContent("The platform's reply window is closed");
    expect(explanation).toHaveTextContent('WhatsApp only allows a free reply within 24 hours');
    expect(explanation).toHaveTextContent('wait for the customer to write again');
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('Hello again');
  });

  it('warns before typing when the window is known to be closed', () => {
    renderWithProviders(<Composer platform="messenger" window="closed" onSend={vi.fn()} />);
    expect(screen.getByTestId('window-explanation')).toHaveTextContent('Messenger only lets a business send a free reply within 24 hours');
  });

  it('shows any other refusal as the server said it', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn(async () => {
      throw new ApiError(409, 'conversation_taken', 'another person handles this conversation');
    });
    renderWithProviders(<Composer platform="web" window="open" onSend={onSend} />);
    await user.type(screen.getByRole('textbox', { name: 'Reply' }), 'Hi');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/another person handles this conversation \(conversation_taken\)/)).toBeInTheDocument();
    expect(screen.queryByTestId('window-explanation')).not.toBeInTheDocument();
  });
});
