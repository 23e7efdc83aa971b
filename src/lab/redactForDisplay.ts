import { decodeJwt } from './decodeJwt.ts';
import { fingerprint } from './fingerprint.ts';

/** Fields whose value is a bearer credential: shown decoded or as a fingerprint, never whole. */
const TOKEN_FIELDS = new Set([
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'id_token_hint',
]);
/** Fields whose value is a secret the page should not echo, even a test one. */
const SECRET_FIELDS = new Set(['client_secret', 'password', 'device_code']);

const JWT_SHAPE = /^eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*$/;

export const looksLikeJwt = (value: string): boolean => JWT_SHAPE.test(value);

/**
 * How a token is shown: a JWT as its decoded header and claims plus a fingerprint (the claims
 * are what a reader wants, the signature is what an attacker wants); anything else as
 * "present" with its length and fingerprint. A refresh token is never decoded, only named.
 */
export async function describeToken(field: string, token: string): Promise<unknown> {
  const print = await fingerprint(token);
  if (field !== 'refresh_token') {
    const decoded = looksLikeJwt(token) ? decodeJwt(token) : null;
    if (decoded) return { jwt: `${print} (${token.length} chars, shown decoded)`, ...decoded };
  }
  return `‹${field.replace(/_/g, ' ')} present: ${token.length} chars, ${print}›`;
}

async function describeSecret(field: string, secret: string): Promise<string> {
  return `‹${field.replace(/_/g, ' ')}: ${secret.length} chars, redacted›`;
}

/** An Authorization header with its credential replaced by a fingerprint. */
export async function redactAuthorization(value: string): Promise<string> {
  const [scheme = '', credential = ''] = value.split(/\s+/, 2);
  if (!credential) return value;
  if (/^basic$/i.test(scheme)) return `${scheme} ‹client id and secret, redacted›`;
  return `${scheme} ‹${looksLikeJwt(credential) ? 'JWT' : 'token'} ${await fingerprint(credential)}›`;
}

/** A URL with every token in its query or fragment replaced by a fingerprint. */
export async function redactUrl(url: string): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const redactParams = async (text: string) => {
    const params = new URLSearchParams(text);
    let changed = false;
    for (const [name, value] of [...params]) {
      if (TOKEN_FIELDS.has(name) || SECRET_FIELDS.has(name)) {
        params.set(name, `‹${name.replace(/_/g, ' ')} ${await fingerprint(value)}›`);
        changed = true;
      }
    }
    return changed ? params.toString() : text;
  };
  if (parsed.search) parsed.search = await redactParams(parsed.search.slice(1));
  if (parsed.hash) parsed.hash = await redactParams(parsed.hash.slice(1));
  return parsed.href;
}

/**
 * A copy of `value` (a response body, a message, a form) fit for the page: tokens decoded or
 * fingerprinted, secrets redacted, URLs cleaned, headers' credentials hidden. Everything the lab
 * displays goes through here first.
 */
export async function redactForDisplay(value: unknown, field = ''): Promise<unknown> {
  if (typeof value === 'string') {
    if (TOKEN_FIELDS.has(field)) return describeToken(field, value);
    if (SECRET_FIELDS.has(field)) return describeSecret(field, value);
    if (field.toLowerCase() === 'authorization') return redactAuthorization(value);
    if (looksLikeJwt(value)) return describeToken('token', value);
    if (/^https?:\/\/\S+$/.test(value)) return redactUrl(value);
    return value;
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => redactForDisplay(item)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await redactForDisplay(item, key)]),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/** A form body (URLSearchParams) as an object, redacted. */
export async function redactForm(form: URLSearchParams): Promise<unknown> {
  return redactForDisplay(Object.fromEntries(form));
}
