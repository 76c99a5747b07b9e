import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'violet',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // Keyboard users always see where they are.
  focusRing: 'auto',
});

export const COLOR_SCHEME_KEY = 'chatdesk.color-scheme';
