import type { IWindow, NavigateParams } from 'oidc-client-ts';
import { describe, expect, it, vi } from 'vitest';
import { classifyAuthFailure } from '../authFailure.ts';
import { readClientSettings } from '../clientSettings.ts';
import { SilentRenewalError } from '../silentTransport.ts';
import { COOKIES_BLOCKED, COOKIES_SENT } from '../testSupport/cookieProbeResults.ts';
import { accessTokenHash } from './accessTokenHash.ts';
import { checkSession } from './checkSession.ts';
import { ImplicitFlowError } from './implicitFlowError.ts';
import { nonceOf, SPA_ORIGIN, signIdToken, testVerifier } from './testSupport.ts';

const settings = readClientSettings(undefined, SPA_ORIGIN);
const ACCESS_TOKEN = 'renewed-access-token';

/**
 * A hidden frame whose one accepted answer is `answer(request)` (as a callback URL, the way
 * webMessageTransport hands it over after checkFrameAnswer), or which fails with `failure`.
 */
function frameAnswering(
  answer: (request: NavigateParams) => Promise<Record<string, string>>,
  requests: NavigateParams[] = [],
): () => IWindow {
  return () => ({
    async navigate(params) {
      requests.push(params);
      const response = await answer(params);
      return { url: `${SPA_ORIGIN}/silent-callback.html?${new URLSearchParams(response)}` };
    },
    close() {},
  });
}

const tokensFor = async (request: NavigateParams) => ({
  access_token: ACCESS_TOKEN,
  token_type: 'Bearer',
  expires_in: '60',
  id_token: await signIdToken({
    nonce: nonceOf(request.url),
    at_hash: await accessTokenHash(ACCESS_TOKEN),
  }),
  state: request.state ?? '',
});

describe('checkSession', () => {
  it('renews with prompt=none by web_message and returns the checked tokens', async () => {
    const requests: NavigateParams[] = [];
    const tokens = await checkSession({
      settings,
      verifier: testVerifier(),
      openFrame: frameAnswering(tokensFor, requests),
      idTokenHint: 'the.current.id-token',
    });
    expect(tokens).toMatchObject({
      accessToken: ACCESS_TOKEN,
      idTokenClaims: { sub: 'auth0|alice' },
    });
    const [request] = requests;
    const url = new URL(request?.url ?? '');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'id_token token',
      response_mode: 'web_message',
      prompt: 'none',
      redirect_uri: `${SPA_ORIGIN}/callback`,
      id_token_hint: 'the.current.id-token',
      state: request?.state,
      nonce: expect.stringMatching(/^[\w-]{22}$/),
    });
  });

  it('reports login_required from the server as the code flow does', async () => {
    const probeCookies = vi.fn(async () => COOKIES_SENT);
    const error = await checkSession({
      settings,
      verifier: testVerifier(),
      openFrame: frameAnswering(async ({ state = '' }) => ({ error: 'login_required', state })),
      probeCookies,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SilentRenewalError);
    expect(classifyAuthFailure(error)).toMatchObject({ reason: 'login_required' });
    expect(probeCookies).toHaveBeenCalledOnce();
  });

  it('calls login_required third_party_cookies_blocked when the probe saw no cookie', async () => {
    const error = await checkSession({
      settings,
      verifier: testVerifier(),
      openFrame: frameAnswering(async ({ state = '' }) => ({ error: 'login_required', state })),
      probeCookies: async () => COOKIES_BLOCKED,
    }).catch((caught: unknown) => caught);
    expect(classifyAuthFailure(error)).toMatchObject({
      reason: 'third_party_cookies_blocked',
      error: 'login_required',
    });
  });

  it('passes on what the frame diagnosed (frame_blocked, timeout ...)', async () => {
    const blocked = new SilentRenewalError({
      reason: 'frame_blocked',
      error: null,
      description: 'refused to be framed',
    });
    const error = await checkSession({
      settings,
      verifier: testVerifier(),
      openFrame: frameAnswering(async () => {
        throw blocked;
      }),
      probeCookies: async () => COOKIES_BLOCKED,
    }).catch((caught: unknown) => caught);
    expect(classifyAuthFailure(error)).toEqual(blocked.failure);
  });

  it('refuses tokens that fail a check, with the check’s code', async () => {
    const error = await checkSession({
      settings,
      verifier: testVerifier(),
      openFrame: frameAnswering(async (request) => ({
        ...(await tokensFor(request)),
        id_token: await signIdToken({ nonce: 'an-old-nonce' }),
      })),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImplicitFlowError);
    expect((error as ImplicitFlowError).code).toBe('nonce_mismatch');
  });
});
