import type { ClientConfig } from '../config.ts';

/**
 * The CSP `frame-ancestors` value for answers a client may receive in a hidden iframe: only its
 * registered web origins may frame them; a client with none cannot be framed at all.
 */
export function frameAncestorsFor(client: ClientConfig | undefined): string {
  const origins = client?.webOrigins ?? [];
  return origins.length > 0 ? origins.join(' ') : "'none'";
}
