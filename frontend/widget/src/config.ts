// What the embedding page asked for (the <script> tag's data attributes) and what the
// widget's server-side settings say, resolved into the one theme the view draws.
//
// Everything here comes from someone else's page or from the network, so each value is
// checked before it can reach a style or a URL: a colour must be a hex colour, an avatar
// an http(s) or data:image URL, texts are trimmed and capped.

export type Position = 'left' | 'right';

export interface Theme {
  position: Position;
  /** The launcher, header and the visitor's bubbles. */
  color: string;
  /** Text drawn on `color`: black or white, whichever reads better. */
  textOnColor: string;
  /** Beside the launcher icon; empty shows the icon alone. */
  buttonText: string;
  /** Shown in the header; null shows none. */
  avatar: string | null;
  /** The first bubble of every conversation, never sent anywhere. */
  greeting: string | null;
  /** The header's title: the widget's name unless the page says otherwise. */
  title: string;
}

/** The theme a widget channel may keep server-side, as the start response would carry it. */
export interface ServerTheme {
  position?: string | null;
  color?: string | null;
  primary_color?: string | null;
  button_text?: string | null;
  avatar_url?: string | null;
  greeting?: string | null;
}

/** What the server told us about the widget (cached, so a reload draws it at once). */
export interface ServerWidget {
  name?: string | null;
  theme?: ServerTheme | null;
}

export interface ScriptConfig {
  publicKey: string;
  /** `scheme://host[:port]` of the ChatDesk server, without a trailing slash. */
  apiOrigin: string;
  /** Theme values the page set with data attributes; they beat the server's. */
  overrides: Partial<Theme>;
  /** A language asked for with `data-lang`, else null (the browser's is used). */
  lang: string | null;
}

export const DEFAULT_THEME: Theme = {
  position: 'right',
  color: '#4f46e5',
  textOnColor: '#ffffff',
  buttonText: '',
  avatar: null,
  greeting: null,
  title: 'Chat',
};

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
// Public keys are `wk_` + hex today; accept the id alphabet so a future format still works.
const PUBLIC_KEY = /^[A-Za-z0-9_-]{1,128}$/;

export function parsePosition(raw: string | null | undefined): Position | undefined {
  const value = raw?.trim().toLowerCase();
  return value === 'left' || value === 'right' ? value : undefined;
}

export function parseColor(raw: string | null | undefined): string | undefined {
  const value = raw?.trim();
  return value && HEX_COLOR.test(value) ? value.toLowerCase() : undefined;
}

/** An image URL that cannot run script or leave the image context. */
export function parseImageUrl(
  raw: string | null | undefined,
  base: string,
): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (/^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(value)) return value;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function parseText(raw: string | null | undefined, max: number): string | undefined {
  if (raw == null) return undefined;
  const value = raw.trim();
  return value ? Array.from(value).slice(0, max).join('') : undefined;
}

/** Black or white, by the WCAG relative luminance of the background. */
export function readableTextOn(color: string): string {
  let hex = color.slice(1);
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  const channel = (i: number): number => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // The contrast with white beats the contrast with black below ~0.179.
  return luminance > 0.179 ? '#111827' : '#ffffff';
}

function data(script: HTMLScriptElement, name: string): string | null {
  return script.getAttribute(`data-${name}`);
}

/**
 * Reads the embed tag. The key is `data-key` (or `data-chatdesk-widget`, which the
 * dashboard's snippet uses); the API origin is `data-api`, else the script's own origin,
 * else the page's. Null when the tag names no usable key.
 */
export function readScriptConfig(script: HTMLScriptElement, pageHref: string): ScriptConfig | null {
  const key = (data(script, 'key') ?? data(script, 'chatdesk-widget') ?? '').trim();
  if (!PUBLIC_KEY.test(key)) return null;
  const apiOrigin = originOf(data(script, 'api'), pageHref) ?? originOf(script.src, pageHref) ?? originOf(pageHref, pageHref);
  if (!apiOrigin) return null;
  const overrides: Partial<Theme> = {};
  const position = parsePosition(data(script, 'position'));
  if (position) overrides.position = position;
  const color = parseColor(data(script, 'color'));
  if (color) overrides.color = color;
  const buttonText = data(script, 'button-text');
  // An empty data-button-text is a request for the icon alone.
  if (buttonText != null) overrides.buttonText = parseText(buttonText, 40) ?? '';
  const avatar = parseImageUrl(data(script, 'avatar'), pageHref);
  if (avatar) overrides.avatar = avatar;
  const greeting = parseText(data(script, 'greeting'), 500);
  if (greeting) overrides.greeting = greeting;
  const title = parseText(data(script, 'title'), 80);
  if (title) overrides.title = title;
  const lang = parseText(data(script, 'lang'), 16) ?? null;
  return { publicKey: key, apiOrigin, overrides, lang };
}

function originOf(raw: string | null | undefined, base: string): string | null {
  if (!raw || !raw.trim()) return null;
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The theme in force: the page's data attributes, else the widget's server-side
 * settings, else the defaults. Invalid values at any level fall through to the next.
 */
export function resolveTheme(
  overrides: Partial<Theme>,
  server: ServerWidget | null | undefined,
  base: string,
): Theme {
  const fromServer = server?.theme ?? {};
  const color =
    overrides.color ??
    parseColor(fromServer.color) ??
    parseColor(fromServer.primary_color) ??
    DEFAULT_THEME.color;
  return {
    position: overrides.position ?? parsePosition(fromServer.position) ?? DEFAULT_THEME.position,
    color,
    textOnColor: readableTextOn(color),
    buttonText:
      overrides.buttonText ?? parseText(fromServer.button_text, 40) ?? DEFAULT_THEME.buttonText,
    avatar: overrides.avatar ?? parseImageUrl(fromServer.avatar_url, base) ?? DEFAULT_THEME.avatar,
    greeting: overrides.greeting ?? parseText(fromServer.greeting, 500) ?? DEFAULT_THEME.greeting,
    title: overrides.title ?? parseText(server?.name, 80) ?? DEFAULT_THEME.title,
  };
}
