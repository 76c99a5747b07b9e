// The widget's theme as the dashboard edits it, and its round trip through the API: the
// theme is saved on the widget channel (PATCH /channels/{id}/widget) and the widget
// script reads it from its start response, so the embed snippet never changes.
import type { Schemas } from '../../api/types';

type ServerTheme = Schemas['WidgetThemeResponse'];
type ThemeRequest = Schemas['WidgetThemeRequest'];

export interface WidgetTheme {
  position: 'left' | 'right';
  color: string;
  buttonText: string;
  avatar: string;
  greeting: string;
  title: string;
}

export const DEFAULT_WIDGET_THEME: WidgetTheme = {
  position: 'right',
  color: '#4f46e5',
  buttonText: '',
  avatar: '',
  greeting: '',
  title: '',
};

/** The saved theme as form values; what the server leaves out shows the widget's defaults. */
export function themeFromServer(theme: ServerTheme | null | undefined): WidgetTheme {
  if (!theme) return DEFAULT_WIDGET_THEME;
  return {
    position: theme.position === 'left' ? 'left' : 'right',
    color: theme.color ?? DEFAULT_WIDGET_THEME.color,
    buttonText: theme.button_text ?? '',
    avatar: theme.avatar_url ?? '',
    greeting: theme.greeting ?? '',
    title: theme.title ?? '',
  };
}

/** The form as the API's theme: blank texts are sent blank, which the server reads as none. */
export function themeToRequest(theme: WidgetTheme): ThemeRequest {
  return {
    position: theme.position,
    color: theme.color.trim(),
    button_text: theme.buttonText,
    avatar_url: theme.avatar,
    greeting: theme.greeting,
    title: theme.title,
  };
}

/** Black or white text on the chosen colour (WCAG relative luminance), as the widget draws it. */
export function readableTextOn(color: string): string {
  let hex = color.replace('#', '');
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  if (!/^[0-9a-f]{6}$/i.test(hex)) return '#ffffff';
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return luminance > 0.179 ? '#111827' : '#ffffff';
}
