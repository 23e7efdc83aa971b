export interface BearerChallenge {
  realm: string | null;
  /** RFC 6750 §3.1: invalid_request, invalid_token or insufficient_scope. */
  error: string | null;
  errorDescription: string | null;
  scope: string | null;
}

/**
 * Reads a `WWW-Authenticate: Bearer ...` header (RFC 6750 §3). Returns null when the header
 * is absent or has no Bearer challenge.
 */
export function parseBearerChallenge(header: string | null | undefined): BearerChallenge | null {
  if (!header) return null;
  const match = /(?:^|,\s*)Bearer(?:\s+(.*))?$/i.exec(header.trim());
  if (!match) return null;
  const params = new Map<string, string>();
  // auth-param = token "=" ( token / quoted-string ), RFC 9110 §11.2.
  const paramPattern = /([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const [, name, quoted, bare] of (match[1] ?? '').matchAll(paramPattern)) {
    if (!name || params.has(name.toLowerCase())) continue;
    params.set(
      name.toLowerCase(),
      quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? ''),
    );
  }
  return {
    realm: params.get('realm') ?? null,
    error: params.get('error') ?? null,
    errorDescription: params.get('error_description') ?? null,
    scope: params.get('scope') ?? null,
  };
}
