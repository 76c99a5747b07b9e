import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import type { NotificationPreferences, UpdateNotificationPreferences } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import { NotificationsForm } from './NotificationsForm';

const prefs: NotificationPreferences = {
  choices: [
    { kind: 'order_captured', medium: 'in_app', enabled: true },
    { kind: 'order_captured', medium: 'email', enabled: true },
    { kind: 'order_captured', medium: 'whatsapp', enabled: false },
    { kind: 'new_message', medium: 'in_app', enabled: true },
  ],
  whatsapp_number: null,
  quiet_hours: null,
};

describe('notification settings form', () => {
  it('shows each kind × medium switch and saves the choices, number and quiet hours', async () => {
    const user = userEvent.setup();
    const save = vi.fn(async (_body: UpdateNotificationPreferences) => ({}));
    renderWithProviders(<NotificationsForm initial={prefs} save={save} />);
    expect(screen.getByRole('switch', { name: 'Order captured by In the app' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Order captured by Email' })).toBeChecked();
    const whatsapp = screen.getByRole('switch', { name: 'Order captured by WhatsApp' });
    expect(whatsapp).not.toBeChecked();
    // Kinds the server did not list start off.
    expect(screen.getByRole('switch', { name: 'Weekly digest by Email' })).not.toBeChecked();
    expect(screen.getByText(/still appear in the in-app feed during quiet hours/)).toBeInTheDocument();

    await user.click(whatsapp);
    await user.type(screen.getByRole('textbox', { name: /WhatsApp number/ }), '+34600111222');
    await user.click(screen.getByRole('switch', { name: /Quiet hours/ }));
    expect(screen.getByLabelText('From')).toHaveValue('22:00');
    expect(screen.getByLabelText('Until')).toHaveValue('07:00');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const body = save.mock.calls[0]![0];
    expect(body.choices).toContainEqual({ kind: 'order_captured', medium: 'whatsapp', enabled: true });
    expect(body.choices).toContainEqual({ kind: 'weekly_digest', medium: 'email', enabled: false });
    expect(body.choices).toHaveLength(18);
    expect(body.whatsapp_number).toBe('+34600111222');
    expect(body.quiet_hours).toMatchObject({ start: '22:00', end: '07:00' });
    expect(typeof body.quiet_hours?.timezone).toBe('string');
  });

  it('puts a 422 field error next to its field', async () => {
    const user = userEvent.setup();
    const save = vi.fn(async () => {
      throw new ApiError(422, 'validation_failed', 'invalid', null, {
        whatsapp_number: 'an international number like +34600111222',
        'quiet_hours.timezone': 'unknown time zone',
      });
    });
    renderWithProviders(
      <NotificationsForm initial={{ ...prefs, whatsapp_number: '600', quiet_hours: { start: '22:00', end: '07:00', timezone: 'Europe/Madrid' } }} save={save} />,
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const number = screen.getByRole('textbox', { name: /WhatsApp number/ });
    await waitFor(() => expect(number).toHaveAttribute('aria-invalid', 'true'));
    // Mantine ties the message to its input through aria-describedby.
    expect(number).toHaveAccessibleDescription(expect.stringContaining('an international number like +34600111222'));
    expect(screen.getByText('unknown time zone')).toBeInTheDocument();
  });
});
