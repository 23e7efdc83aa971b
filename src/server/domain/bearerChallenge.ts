// RFC 6750 §3: auth-param values are quoted strings; keep them free of quotes and backslashes.
const quoted = (value: string) => `"${value.replace(/["\\]/g, "'")}"`;

/** The `WWW-Authenticate` value for a refused bearer token. */
export function bearerChallenge(error?: string, description?: string, realm = 'userinfo'): string {
  const params = [
    `realm=${quoted(realm)}`,
    ...(error ? [`error=${quoted(error)}`] : []),
    ...(description ? [`error_description=${quoted(description)}`] : []),
  ];
  return `Bearer ${params.join(', ')}`;
}
