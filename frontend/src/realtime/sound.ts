// A short beep through WebAudio (no audio file to ship), muted by a switch kept in
// localStorage so the choice survives a reload.
import { useSyncExternalStore } from 'react';

const MUTE_KEY = 'chatdesk.sound.muted';
const listeners = new Set<() => void>();

export function isMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export function setMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1');
    else localStorage.removeItem(MUTE_KEY);
  } catch {
    // Private mode without storage: the switch lasts for this page only.
  }
  listeners.forEach((l) => l());
}

export function useMuted(): [boolean, (muted: boolean) => void] {
  const muted = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    isMuted,
    () => false,
  );
  return [muted, setMuted];
}

let context: AudioContext | null = null;

/** Two quick tones; silent when muted, or when the browser has no WebAudio or blocks it. */
export function beep(): void {
  if (isMuted() || typeof window === 'undefined' || typeof window.AudioContext !== 'function') return;
  try {
    context ??= new window.AudioContext();
    const now = context.currentTime;
    [880, 1320].forEach((frequency, i) => {
      const oscillator = context!.createOscillator();
      const gain = context!.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const start = now + i * 0.12;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.1);
      oscillator.connect(gain).connect(context!.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.11);
    });
  } catch {
    // Autoplay policy: no sound until the operator has interacted with the page.
  }
}
