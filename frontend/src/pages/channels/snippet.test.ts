import { describe, expect, it } from 'vitest';
import { DEFAULT_WIDGET_THEME, readableTextOn, themedSnippet } from './snippet';

const SNIPPET = '<script src="http://127.0.0.1:8080/widget.js" data-chatdesk-widget="wk_abc" async></script>';

describe('widget snippet', () => {
  it('is the server snippet unchanged with the default theme', () => {
    expect(themedSnippet(SNIPPET, DEFAULT_WIDGET_THEME)).toBe(SNIPPET);
  });

  it('adds the theme as escaped data attributes before async', () => {
    const out = themedSnippet(SNIPPET, { ...DEFAULT_WIDGET_THEME, position: 'left', color: '#ff0000', buttonText: 'Ask "us"' });
    expect(out).toBe(
      '<script src="http://127.0.0.1:8080/widget.js" data-chatdesk-widget="wk_abc" data-position="left" data-color="#ff0000" data-button-text="Ask &quot;us&quot;" async></script>',
    );
  });

  it('picks readable text colours', () => {
    expect(readableTextOn('#ffffff')).toBe('#111827');
    expect(readableTextOn('#4f46e5')).toBe('#ffffff');
  });
});
