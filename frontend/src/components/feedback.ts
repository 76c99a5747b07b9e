import { notifications } from '@mantine/notifications';
import type { UseFormReturnType } from '@mantine/form';
import i18n from '../i18n';
import { ApiError } from '../api/errors';

/** The server's message with its code, for toasts and alerts. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network_error') return i18n.t('errors.network');
    return `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function notifyError(error: unknown): void {
  notifications.show({ color: 'red', title: i18n.t('errors.title'), message: describeError(error) });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message });
}

/**
 * Puts a 422's field errors on the form's fields; true when at least one landed, so the
 * caller knows whether a general message is still needed.
 */
export function applyFieldErrors<T>(form: UseFormReturnType<T>, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const entries = Object.entries(error.fields);
  if (entries.length === 0) return false;
  form.setErrors(Object.fromEntries(entries.map(([k, v]) => [k, v || error.message])));
  return true;
}
