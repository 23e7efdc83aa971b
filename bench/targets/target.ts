/** One authorization server under test, ours or a peer, as the benchmarks see it. */

export const CASES = [
  'discovery',
  'jwks',
  'authorize',
  'code_exchange',
  'client_credentials',
  'refresh',
] as const;
export type CaseName = (typeof CASES)[number];

export const CASE_LABELS: Record<CaseName, string> = {
  discovery: 'discovery GET',
  jwks: 'JWKS GET',
  authorize: 'prompt=none authorize, live session → code',
  code_exchange: 'code exchange (PKCE) → ID + access token',
  client_credentials: 'client_credentials → one RS256 JWT',
  refresh: 'refresh exchange → ID + access token',
};

/** One request as autocannon sends it; `expect` is the status a correct answer has. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  expect: number;
}

export interface Fixtures {
  /** Requests that can be repeated as they are. */
  repeatable: Partial<Record<Exclude<CaseName, 'code_exchange'>, RequestSpec>>;
  /** Codes are single-use: mint one per exchange beforehand. */
  codeExchange?: { mint(): Promise<string>; request(code: string): RequestSpec };
  /** Cases this server cannot do as asked, and why. */
  unsupported: Partial<Record<CaseName, string>>;
  /** Where a case does something other than the others (less work, or more). */
  notes: Partial<Record<CaseName, string>>;
}

export interface StartedServer {
  url: string;
  close(): Promise<void>;
}

export interface Target {
  name: string;
  /** Runs in the server process. */
  start(): Promise<StartedServer>;
  /** Runs in the load process: signs in, gets tokens, describes the requests. */
  prepare(url: string): Promise<Fixtures>;
}

/** GET a document (discovery, JWKS) at `path`: the same request shape for every server. */
export const getDocument = (path: string): RequestSpec => ({
  method: 'GET',
  path,
  headers: {},
  expect: 200,
});

export const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** Sample SPA redirect and PKCE pair used by every target. */
export const SPA_CALLBACK = 'http://localhost:5173/callback';
export const API_AUDIENCE = 'http://localhost:4401/';
export const PKCE = {
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
};

export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

/** The same PKCE code exchange every target is asked for, at its own token path. */
export const codeExchangeRequest =
  (tokenPath: string, clientId: string) =>
  (code: string): RequestSpec => ({
    method: 'POST',
    path: tokenPath,
    headers: FORM_HEADERS,
    body: formBody({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: SPA_CALLBACK,
      code_verifier: PKCE.verifier,
    }),
    expect: 200,
  });

export const codeFrom = (location: string): string => {
  const url = new URL(location);
  const code = url.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
};
