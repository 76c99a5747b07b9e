import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { api, client } from '../api/client';
import { unwrap } from '../api/errors';
import type { Me } from '../api/types';
import { authStore, type AuthStatus } from './store';

interface AuthContextValue {
  status: AuthStatus;
  me: Me | undefined;
  /** Stores the tokens a sign-in, registration or accepted invitation returned. */
  signedIn: (accessToken: string) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export const ME_KEY = ['me'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const { status } = useSyncExternalStore(authStore.subscribe, authStore.getSnapshot);
  const queryClient = useQueryClient();

  // A reload: the refresh cookie, if any, brings the session back.
  useEffect(() => {
    if (authStore.getSnapshot().status === 'unknown') void api.refresh();
  }, []);

  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: () => unwrap(client.GET('/api/v1/auth/me')),
    enabled: status === 'signed_in',
    staleTime: 60_000,
  });

  const signedIn = useCallback((token: string) => authStore.signIn(token), []);

  const signOut = useCallback(async () => {
    await client.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
    authStore.signOut();
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo(
    () => ({ status, me: status === 'signed_in' ? me.data : undefined, signedIn, signOut }),
    [status, me.data, signedIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in member's workspace and role; only rendered inside signed-in routes. */
export function useWorkspace() {
  const { me } = useAuth();
  return { workspace: me?.workspace, role: me?.role ?? 'viewer', user: me?.user };
}

const MANAGERS = ['owner', 'admin'];
const EDITORS = ['owner', 'admin', 'agent'];
export const canManage = (role: string) => MANAGERS.includes(role);
export const canEdit = (role: string) => EDITORS.includes(role);
