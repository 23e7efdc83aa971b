import { decodeJwtClaims } from '../auth/decodeJwtClaims.ts';
import { looksLikeJwt } from './redactForDisplay.ts';

export const STORAGE_AREAS = [
  'localStorage',
  'sessionStorage',
  'IndexedDB',
  'cookies',
  'Cache Storage',
] as const;
export type StorageArea = (typeof STORAGE_AREAS)[number];

/** Storage that outlives the tab (sessionStorage ends with it). */
export const isPersistentArea = (area: StorageArea): boolean => area !== 'sessionStorage';

export type StoredKind = 'refresh_token' | 'access_token' | 'id_token' | 'jwt' | 'other';

export interface StoredItem {
  area: StorageArea;
  /** Key, cookie name, database/store/key, or cached URL. */
  key: string;
  value: string;
}

export interface StoredFinding {
  area: StorageArea;
  key: string;
  kinds: StoredKind[];
  /** Against the rule: a refresh token anywhere, or an access token outliving the tab. */
  violation: string | null;
}

const TOKEN_FIELDS: Record<string, StoredKind> = {
  refresh_token: 'refresh_token',
  refreshToken: 'refresh_token',
  access_token: 'access_token',
  accessToken: 'access_token',
  id_token: 'id_token',
  idToken: 'id_token',
};

/** What a JWT found in storage is, from its claims: an ID token has a nonce or at_hash. */
function kindOfJwt(jwt: string): StoredKind {
  try {
    const claims = decodeJwtClaims(jwt);
    if ('nonce' in claims || 'at_hash' in claims) return 'id_token';
    if ('scope' in claims || 'scp' in claims || 'client_id' in claims) return 'access_token';
  } catch {}
  return 'jwt';
}

function walk(value: unknown, field: string, found: Set<StoredKind>, depth = 0): void {
  if (depth > 20) return;
  if (typeof value === 'string') {
    const named = TOKEN_FIELDS[field];
    if (named && value !== '')
      found.add(named === 'refresh_token' || !looksLikeJwt(value) ? named : kindOfJwt(value));
    else if (looksLikeJwt(value)) found.add(kindOfJwt(value));
    else if (/refresh/i.test(field) && value.length >= 16) found.add('refresh_token');
    else if (value.startsWith('{') || value.startsWith('[')) {
      try {
        walk(JSON.parse(value), field, found, depth + 1);
      } catch {}
    } else {
      // Tokens inside a URL (a cached response's address, a fragment kept by mistake).
      for (const match of value.matchAll(
        /(?:^|[?#&])(refresh_token|access_token|id_token)=([^&#\s]+)/g,
      )) {
        const name = match[1] ?? '';
        const token = decodeURIComponent(match[2] ?? '');
        found.add(
          name === 'refresh_token' || !looksLikeJwt(token)
            ? (TOKEN_FIELDS[name] ?? 'other')
            : kindOfJwt(token),
        );
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) walk(item, field, found, depth + 1);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walk(item, key, found, depth + 1);
  }
}

/** The tokens a stored value holds, by field name or by shape, however deeply nested. */
export function tokensIn(key: string, value: string): StoredKind[] {
  const found = new Set<StoredKind>();
  walk(value, key, found);
  return [...found];
}

/**
 * One stored item judged against the lab's rules: no refresh token anywhere; no access token in
 * storage that outlives the tab, unless `persistentAccessTokens` says the app was set to keep one.
 */
export function classifyStoredItem(
  item: StoredItem,
  { persistentAccessTokens = false }: { persistentAccessTokens?: boolean } = {},
): StoredFinding {
  const kinds = tokensIn(item.key, item.value);
  let violation: string | null = null;
  if (kinds.includes('refresh_token')) violation = 'a refresh token';
  else if (kinds.includes('access_token') && isPersistentArea(item.area) && !persistentAccessTokens)
    violation = `an access token kept beyond the tab (${item.area})`;
  return { area: item.area, key: item.key, kinds: kinds.length ? kinds : ['other'], violation };
}
