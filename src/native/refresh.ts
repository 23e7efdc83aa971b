import type { NativeDemoContext } from './nativeDemoContext.ts';
import { refreshStoredToken } from './refreshStoredToken.ts';

/** Exchanges the stored refresh token for a new access token, on demand. */
export async function refresh(context: NativeDemoContext): Promise<void> {
  await refreshStoredToken(context);
}
