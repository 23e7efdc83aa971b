/** Keys, signed ID tokens and verifiers for this folder's unit tests (never imported by the app). */
import { base64url, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { SEEDED_USERS } from '../../protocol/defaults.ts';
import type { ImplicitTransaction } from './buildImplicitAuthorizeUrl.ts';
import { createReplayGuard } from './replayGuard.ts';
import type { IdTokenVerifier } from './verifyImplicitIdToken.ts';

export const ISSUER = 'http://localhost:4400/';
export const CLIENT_ID = 'silent-auth-lab-spa';
export const REDIRECT_URI = 'http://localhost:5173/callback';
/** The browser's clock in these tests, epoch ms. */
export const NOW = Date.UTC(2030, 0, 1);
export const NONCE = 'nonce-of-this-request';
export const STATE = 'state-of-this-request';
export const KID = 'test-key';

export const serverKeys = await generateKeyPair('RS256', { extractable: true });
export const otherKeys = await generateKeyPair('RS256');

export function idTokenClaims(overrides: JWTPayload = {}): JWTPayload {
  const iat = Math.floor(NOW / 1000);
  return {
    iss: ISSUER,
    sub: SEEDED_USERS.alice.userId,
    aud: CLIENT_ID,
    azp: CLIENT_ID,
    iat,
    exp: iat + 3600,
    nonce: NONCE,
    email: SEEDED_USERS.alice.email,
    ...overrides,
  };
}

/** An RS256 ID token, signed by the server's key unless told otherwise. */
export function signIdToken(
  overrides: JWTPayload = {},
  key: CryptoKey = serverKeys.privateKey,
): Promise<string> {
  return new SignJWT(idTokenClaims(overrides))
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .sign(key);
}

/** `alg: none`: no signature at all (RFC 7519 §6). */
export function unsecuredIdToken(overrides: JWTPayload = {}): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(idTokenClaims(overrides))}.`;
}

/** The algorithm-confusion attack: HS256 keyed with the server's *public* key (PEM bytes). */
export async function hs256WithPublicKey(overrides: JWTPayload = {}): Promise<string> {
  const secret = new TextEncoder().encode(await exportSPKI(serverKeys.publicKey));
  return new SignJWT(idTokenClaims(overrides))
    .setProtectedHeader({ alg: 'HS256', kid: KID, typ: 'JWT' })
    .sign(secret);
}

export function testVerifier(overrides: Partial<IdTokenVerifier> = {}): IdTokenVerifier {
  return {
    issuer: ISSUER,
    clientId: CLIENT_ID,
    getKey: async () => serverKeys.publicKey,
    replayGuard: createReplayGuard(),
    now: () => NOW,
    ...overrides,
  };
}

export function testTransaction(overrides: Partial<ImplicitTransaction> = {}): ImplicitTransaction {
  return {
    state: STATE,
    nonce: NONCE,
    responseType: 'id_token token',
    redirectUri: REDIRECT_URI,
    ...overrides,
  };
}

export const SPA_ORIGIN = 'http://localhost:5173';
export const AUTH_ORIGIN = 'http://localhost:4400';

export const PROVIDER_METADATA = {
  issuer: ISSUER,
  authorization_endpoint: `${AUTH_ORIGIN}/authorize`,
  jwks_uri: `${AUTH_ORIGIN}/.well-known/jwks.json`,
  end_session_endpoint: `${AUTH_ORIGIN}/oidc/logout`,
};

/** A hidden iframe as HiddenFrameWindow uses it: where it was sent, and its window. */
export interface FakeFrame {
  contentWindow: { location: { replace(url: string): void } };
  url: string | null;
  removed: boolean;
}

/**
 * Just enough of a browser window for the implicit flows without a DOM: sessionStorage,
 * location + history (the fragment), `message` listeners (postMessage from frames) and a
 * document whose iframes record where they were sent. The real HiddenFrameWindow runs on it.
 */
export function fakeBrowser(href = `${SPA_ORIGIN}/`) {
  const location = Object.assign(new URL(href), { assign: (url: string) => assigned.push(url) });
  const assigned: string[] = [];
  const listeners = new Map<string, ((event: unknown) => void)[]>();
  const frames: FakeFrame[] = [];
  const sessionStorage = new Map<string, string>();
  const document = {
    body: { appendChild: () => undefined },
    createElement: () => {
      const frame = {
        url: null as string | null,
        removed: false,
        style: { cssText: '' },
        setAttribute: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        remove: () => {
          frame.removed = true;
        },
        contentWindow: {
          location: {
            replace: (url: string) => {
              frame.url = url;
            },
          },
        },
      };
      frames.push(frame);
      return frame;
    },
  };
  const window = {
    location,
    history: {
      state: { idx: 1 },
      replaceState: (_state: unknown, _title: string, url: string) => {
        location.href = new URL(url, location).href;
      },
    },
    document,
    sessionStorage: {
      getItem: (key: string) => sessionStorage.get(key) ?? null,
      setItem: (key: string, value: string) => void sessionStorage.set(key, value),
      removeItem: (key: string) => void sessionStorage.delete(key),
    },
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
  };
  return {
    window: window as unknown as Window,
    location,
    assigned,
    frames,
    sessionStorage,
    /** A `postMessage` reaching this window. */
    post(message: { origin: string; source: unknown; data: unknown }) {
      for (const listener of listeners.get('message') ?? []) listener(message);
    },
    /** The frame of the request under way, once HiddenFrameWindow has sent it somewhere. */
    async sentFrame(): Promise<FakeFrame & { url: string }> {
      for (let i = 0; i < 100; i++) {
        const frame = frames.at(-1);
        if (frame?.url && !frame.removed) return frame as FakeFrame & { url: string };
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      throw new Error('No hidden frame was sent anywhere');
    },
  };
}

/** The server's web_message answer for `frameUrl` (a callback), as the page would post it. */
export function webMessageAnswer(frameUrl: string, response: Record<string, string>) {
  return {
    origin: AUTH_ORIGIN,
    data: { type: 'authorization_response', response: { state: stateOf(frameUrl), ...response } },
  };
}

export const stateOf = (url: string): string => new URL(url).searchParams.get('state') ?? '';
export const nonceOf = (url: string): string => new URL(url).searchParams.get('nonce') ?? '';
