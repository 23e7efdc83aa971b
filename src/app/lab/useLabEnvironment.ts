import { useMemo } from 'react';
import type { AuthStore } from '../../auth/authStore.ts';
import type { LabEnvironment } from '../../lab/labEnvironment.ts';
import { useClientSettings } from '../AuthContext.tsx';

/** What the experiments run with: this app's settings and store, this window. */
export function useLabEnvironment(store: AuthStore): LabEnvironment {
  const settings = useClientSettings();
  return useMemo(
    () => ({
      settings,
      auth: store,
      window,
      document,
      fetch: (...args: Parameters<typeof fetch>) => window.fetch(...args),
      now: Date.now,
    }),
    [settings, store],
  );
}
