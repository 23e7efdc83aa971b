import { issuerFor } from '../protocol/defaults.ts';
import {
  STORAGE_ACCESS_GRANT_MESSAGE_TYPE,
  STORAGE_ACCESS_GRANT_OUTCOMES,
  STORAGE_ACCESS_GRANT_PATH,
  type StorageAccessGrantOutcome,
} from '../protocol/oauth.ts';

/** The server's grant page for this app, to frame visibly (never hidden: a person clicks in it). */
export const storageAccessGrantUrl = (authority: string, spaOrigin: string): string =>
  `${issuerFor(authority)}${STORAGE_ACCESS_GRANT_PATH.replace(/^\//, '')}?origin=${encodeURIComponent(new URL(spaOrigin).origin)}`;

/**
 * The grant page's outcome, checked like every frame message: from the server's origin, from the
 * frame we made (not another window of that origin), of the right type and a known outcome.
 * Anything else is not an answer (null).
 */
export function readStorageAccessGrantMessage(
  event: Pick<MessageEvent, 'origin' | 'source' | 'data'>,
  expected: { authority: string; frame: MessageEventSource | null },
): StorageAccessGrantOutcome | null {
  if (event.origin !== new URL(expected.authority).origin) return null;
  if (expected.frame === null || event.source !== expected.frame) return null;
  const data = event.data as { type?: unknown; outcome?: unknown } | null;
  if (typeof data !== 'object' || data === null) return null;
  if (data.type !== STORAGE_ACCESS_GRANT_MESSAGE_TYPE) return null;
  return (STORAGE_ACCESS_GRANT_OUTCOMES as readonly unknown[]).includes(data.outcome)
    ? (data.outcome as StorageAccessGrantOutcome)
    : null;
}
