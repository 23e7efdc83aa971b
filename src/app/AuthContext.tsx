import { createContext, type ReactNode, use } from 'react';
import { useStore } from 'zustand';
import type { AuthState } from '../auth/authStore.ts';
import type { ClientSettings } from '../auth/clientSettings.ts';
import type { StartedAuth } from '../auth/startAuth.ts';

const AuthContext = createContext<StartedAuth | null>(null);

export function AuthProvider({ auth, children }: { auth: StartedAuth; children: ReactNode }) {
  return <AuthContext value={auth}>{children}</AuthContext>;
}

function useStartedAuth(): StartedAuth {
  const auth = use(AuthContext);
  if (!auth) throw new Error('useAuth needs an <AuthProvider> above it');
  return auth;
}

/** Reads the auth store through a selector; re-renders only when the selected value changes. */
export function useAuth<T>(selector: (state: AuthState) => T): T {
  return useStore(useStartedAuth().store, selector);
}

export function useClientSettings(): ClientSettings {
  return useStartedAuth().settings;
}

/** Changes this tab's lab settings (see StartedAuth.changeSettings). */
export function useChangeSettings(): StartedAuth['changeSettings'] {
  return useStartedAuth().changeSettings;
}
