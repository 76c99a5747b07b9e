// The embed snippet with the theme the operator chose, as the widget script reads it:
// data-position, data-color, data-button-text, data-avatar, data-greeting, data-title
// (see frontend/widget/src/config.ts). Values are escaped for an HTML attribute.

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

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function themedSnippet(snippet: string, theme: WidgetTheme): string {
  const attributes: [string, string][] = [];
  if (theme.position !== DEFAULT_WIDGET_THEME.position) attributes.push(['data-position', theme.position]);
  if (theme.color.toLowerCase() !== DEFAULT_WIDGET_THEME.color) attributes.push(['data-color', theme.color]);
  if (theme.buttonText.trim()) attributes.push(['data-button-text', theme.buttonText.trim()]);
  if (theme.avatar.trim()) attributes.push(['data-avatar', theme.avatar.trim()]);
  if (theme.greeting.trim()) attributes.push(['data-greeting', theme.greeting.trim()]);
  if (theme.title.trim()) attributes.push(['data-title', theme.title.trim()]);
  if (attributes.length === 0) return snippet;
  const extra = attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  const close = snippet.lastIndexOf('></script>');
  if (close < 0) return snippet;
  const head = snippet.slice(0, close);
  const flag = head.endsWith(' async') ? ' async' : '';
  return `${head.slice(0, head.length - flag.length)}${extra}${flag}${snippet.slice(close)}`;
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
