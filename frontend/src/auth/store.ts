// Who is signed in, kept in memory: the access token never touches storage, and the
// refresh token lives only in the server's httpOnly cookie. A reload restores the session
// by refreshing through that cookie.

export type AuthStatus = 'unknown' | 'signed_in' | 'signed_out';

export interface AuthSnapshot {
  status: AuthStatus;
  accessToken: string | null;
}

type Listener = () => void;

export class AuthStore {
  private snapshot: AuthSnapshot = { status: 'unknown', accessToken: null };
  private listeners = new Set<Listener>();

  getSnapshot = (): AuthSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get accessToken(): string | null {
    return this.snapshot.accessToken;
  }

  signIn(accessToken: string): void {
    this.set({ status: 'signed_in', accessToken });
  }

  signOut(): void {
    this.set({ status: 'signed_out', accessToken: null });
  }

  private set(next: AuthSnapshot): void {
    this.snapshot = next;
    this.listeners.forEach((l) => l());
  }
}

export const authStore = new AuthStore();
