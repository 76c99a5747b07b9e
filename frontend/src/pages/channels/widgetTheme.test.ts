import { describe, expect, it } from 'vitest';
import { DEFAULT_WIDGET_THEME, readableTextOn, themeFromServer, themeToRequest } from './widgetTheme';

describe('widget theme', () => {
  it('shows the defaults for a widget with nothing saved', () => {
    expect(themeFromServer(undefined)).toEqual(DEFAULT_WIDGET_THEME);
    expect(themeFromServer({ position: 'right' })).toEqual(DEFAULT_WIDGET_THEME);
  });

  it('round-trips a saved theme through the form', () => {
    const saved = {
      position: 'left',
      color: '#0e7490',
      button_text: 'Chat with us',
      avatar_url: 'https://cdn.glow.example/ana.png',
      greeting: 'Ciao!',
      title: 'Glow Beauty',
    };
    const form = themeFromServer(saved);
    expect(form).toEqual({
      position: 'left',
      color: '#0e7490',
      buttonText: 'Chat with us',
      avatar: 'https://cdn.glow.example/ana.png',
      greeting: 'Ciao!',
      title: 'Glow Beauty',
    });
    expect(themeToRequest(form)).toEqual(saved);
  });

  it('sends cleared texts as blank, which clears them', () => {
    expect(themeToRequest({ ...DEFAULT_WIDGET_THEME, color: ' #FF0000 ' })).toEqual({
      position: 'right',
      color: '#FF0000',
      button_text: '',
      avatar_url: '',
      greeting: '',
      title: '',
    });
  });

  it('picks readable text colours', () => {
    expect(readableTextOn('#ffffff')).toBe('#111827');
    expect(readableTextOn('#4f46e5')).toBe('#ffffff');
  });
});
