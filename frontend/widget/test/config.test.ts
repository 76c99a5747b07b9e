import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THEME,
  parseImageUrl,
  readScriptConfig,
  readableTextOn,
  resolveTheme,
} from '../src/config';

const PAGE = 'https://shop.example/products/serum';

function tag(attrs: Record<string, string>, src = 'https://chat.example/widget.js'): HTMLScriptElement {
  const script = document.createElement('script');
  script.src = src;
  for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value);
  return script;
}

describe('readScriptConfig', () => {
  it('reads the key and takes the API origin from the script by default', () => {
    const config = readScriptConfig(tag({ 'data-key': 'wk_0190f5a27b1c7d3e9f00aa11bb22cc33' }), PAGE);
    expect(config).toEqual({
      publicKey: 'wk_0190f5a27b1c7d3e9f00aa11bb22cc33',
      apiOrigin: 'https://chat.example',
      overrides: {},
      lang: null,
    });
  });

  it("accepts the dashboard snippet's data-chatdesk-widget and a data-api override", () => {
    const config = readScriptConfig(
      tag({ 'data-chatdesk-widget': 'wk_abc', 'data-api': 'http://localhost:8080/ignored/path' }),
      PAGE,
    );
    expect(config?.publicKey).toBe('wk_abc');
    expect(config?.apiOrigin).toBe('http://localhost:8080');
  });

  it('refuses a missing or malformed key', () => {
    expect(readScriptConfig(tag({}), PAGE)).toBeNull();
    expect(readScriptConfig(tag({ 'data-key': 'wk_"><img src=x>' }), PAGE)).toBeNull();
  });

  it('reads theme attributes and drops the unsafe ones', () => {
    const config = readScriptConfig(
      tag({
        'data-key': 'wk_abc',
        'data-position': ' LEFT ',
        'data-color': '#0EA5E9',
        'data-button-text': '  Chat with us  ',
        'data-avatar': '/img/ana.png',
        'data-greeting': 'Hi! Ask us anything.',
        'data-title': 'Glow Beauty',
        'data-lang': 'it-IT',
      }),
      PAGE,
    );
    expect(config?.overrides).toEqual({
      position: 'left',
      color: '#0ea5e9',
      buttonText: 'Chat with us',
      avatar: 'https://shop.example/img/ana.png',
      greeting: 'Hi! Ask us anything.',
      title: 'Glow Beauty',
    });
    expect(config?.lang).toBe('it-IT');

    const hostile = readScriptConfig(
      tag({
        'data-key': 'wk_abc',
        'data-position': 'center',
        'data-color': 'red;background:url(https://evil.example)',
        'data-avatar': 'javascript:alert(1)',
      }),
      PAGE,
    );
    expect(hostile?.overrides).toEqual({});
  });

  it('keeps an empty data-button-text as a request for the icon alone', () => {
    const config = readScriptConfig(tag({ 'data-key': 'wk_abc', 'data-button-text': '' }), PAGE);
    expect(config?.overrides.buttonText).toBe('');
  });
});

describe('resolveTheme', () => {
  it('uses the defaults and the server name when nothing else is set', () => {
    expect(resolveTheme({}, { name: 'Glow chat' }, PAGE)).toEqual({ ...DEFAULT_THEME, title: 'Glow chat' });
    expect(resolveTheme({}, null, PAGE).title).toBe('Chat');
  });

  it('lets data attributes beat the server settings, and server settings beat the defaults', () => {
    const server = {
      name: 'Glow chat',
      theme: {
        position: 'left',
        primary_color: '#fde047',
        button_text: 'Need help?',
        avatar_url: 'https://cdn.example/logo.png',
        greeting: 'Ciao!',
      },
    };
    const fromServer = resolveTheme({}, server, PAGE);
    expect(fromServer).toEqual({
      position: 'left',
      color: '#fde047',
      textOnColor: '#111827',
      buttonText: 'Need help?',
      avatar: 'https://cdn.example/logo.png',
      greeting: 'Ciao!',
      title: 'Glow chat',
    });
    const overridden = resolveTheme({ position: 'right', color: '#111111', title: 'Ana' }, server, PAGE);
    expect(overridden.position).toBe('right');
    expect(overridden.color).toBe('#111111');
    expect(overridden.textOnColor).toBe('#ffffff');
    expect(overridden.title).toBe('Ana');
    expect(overridden.greeting).toBe('Ciao!');
  });

  it('ignores invalid server values', () => {
    const theme = resolveTheme({}, { theme: { position: 'top', color: 'blue', avatar_url: 'data:text/html,x' } }, PAGE);
    expect(theme.position).toBe('right');
    expect(theme.color).toBe(DEFAULT_THEME.color);
    expect(theme.avatar).toBeNull();
  });
});

describe('helpers', () => {
  it('picks readable text for light and dark colours', () => {
    expect(readableTextOn('#ffffff')).toBe('#111827');
    expect(readableTextOn('#fff')).toBe('#111827');
    expect(readableTextOn('#000000')).toBe('#ffffff');
    expect(readableTextOn('#4f46e5')).toBe('#ffffff');
  });

  it('accepts only http(s) and inline raster images as avatars', () => {
    expect(parseImageUrl('data:image/png;base64,iVBORw0KGgo=', PAGE)).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(parseImageUrl('data:image/svg+xml,<svg onload=alert(1)>', PAGE)).toBeUndefined();
    expect(parseImageUrl('//cdn.example/a.png', PAGE)).toBe('https://cdn.example/a.png');
    expect(parseImageUrl('  ', PAGE)).toBeUndefined();
  });
});
