import { describe, expect, it } from 'vitest';
import { classifyAuthFailure } from '../authFailure.ts';
import { accessTokenHash } from './accessTokenHash.ts';
import { ImplicitFlowError } from './implicitFlowError.ts';
import { parseImplicitResponse } from './parseImplicitResponse.ts';
import {
  ISSUER,
  NONCE,
  NOW,
  STATE,
  signIdToken,
  testTransaction,
  testVerifier,
} from './testSupport.ts';

const ACCESS_TOKEN = 'access-token-for-the-demo-api';

async function fragment(overrides: Record<string, string | undefined> = {}): Promise<string> {
  const params: Record<string, string | undefined> = {
    access_token: ACCESS_TOKEN,
    token_type: 'Bearer',
    expires_in: '7200',
    scope: 'openid profile email read:profile',
    id_token: await signIdToken({ at_hash: await accessTokenHash(ACCESS_TOKEN) }),
    state: STATE,
    ...overrides,
  };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) search.set(name, value);
  return `#${search}`;
}

async function refusal(promise: Promise<unknown>): Promise<ImplicitFlowError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImplicitFlowError);
  return error as ImplicitFlowError;
}

describe('parseImplicitResponse', () => {
  it('returns the checked tokens, the access token expiry on our clock and the claims', async () => {
    const tokens = await parseImplicitResponse(await fragment(), testTransaction(), testVerifier());
    expect(tokens).toMatchObject({
      accessToken: ACCESS_TOKEN,
      accessTokenExpiresAt: NOW + 7_200_000,
      scope: 'openid profile email read:profile',
      idTokenClaims: { iss: ISSUER, sub: 'auth0|alice', nonce: NONCE },
    });
    expect(tokens.idToken).toMatch(/^eyJ/);
  });

  it('reads parameters carried by a web_message as well as a fragment', async () => {
    const params = new URLSearchParams((await fragment()).slice(1));
    await expect(
      parseImplicitResponse(params, testTransaction(), testVerifier()),
    ).resolves.toMatchObject({ accessToken: ACCESS_TOKEN });
  });

  it('never returns a refresh token, even if one is sent', async () => {
    const tokens = await parseImplicitResponse(
      await fragment({ refresh_token: 'should-never-be-here' }),
      testTransaction(),
      testVerifier(),
    );
    expect(JSON.stringify(tokens)).not.toContain('should-never-be-here');
  });

  it('takes an access token alone for response_type=token', async () => {
    const tokens = await parseImplicitResponse(
      await fragment({ id_token: undefined }),
      testTransaction({ responseType: 'token', nonce: undefined }),
      testVerifier(),
    );
    expect(tokens).toEqual({
      accessToken: ACCESS_TOKEN,
      accessTokenExpiresAt: NOW + 7_200_000,
      scope: 'openid profile email read:profile',
    });
  });

  it('takes an ID token alone for response_type=id_token (no at_hash needed)', async () => {
    const tokens = await parseImplicitResponse(
      `#id_token=${await signIdToken()}&state=${STATE}`,
      testTransaction({ responseType: 'id_token' }),
      testVerifier(),
    );
    expect(tokens.accessToken).toBeUndefined();
    expect(tokens.idTokenClaims?.sub).toBe('auth0|alice');
  });

  it('reports the server error with its description, typed like the code flow', async () => {
    const error = await refusal(
      parseImplicitResponse(
        `#error=login_required&error_description=No+session&state=${STATE}`,
        testTransaction(),
        testVerifier(),
      ),
    );
    expect(error.code).toBe('authorization_error');
    expect(error.oauthError).toEqual({ error: 'login_required', description: 'No session' });
    expect(classifyAuthFailure(error)).toEqual({
      reason: 'login_required',
      error: 'login_required',
      description: 'No session',
      decidedBy: 'server_answer',
    });
  });

  it.each([
    ['state_missing', { state: undefined }],
    ['state_mismatch', { state: 'another-request' }],
    ['response_wrong_issuer', { iss: 'http://evil.example/' }],
    ['access_token_missing', { access_token: undefined }],
    ['token_type_unsupported', { token_type: 'mac' }],
    ['expires_in_invalid', { expires_in: '-5' }],
    ['id_token_missing', { id_token: undefined }],
  ])('refuses with %s', async (code, overrides) => {
    const error = await refusal(
      parseImplicitResponse(await fragment(overrides), testTransaction(), testVerifier()),
    );
    expect(error.code).toBe(code);
  });

  it('refuses a forged error whose state is not the request’s (invalid_state, not login_required)', async () => {
    const error = await refusal(
      parseImplicitResponse('#error=login_required&state=guess', testTransaction(), testVerifier()),
    );
    expect(error.code).toBe('state_mismatch');
    expect(classifyAuthFailure(error).reason).toBe('invalid_state');
  });

  it('uses the state once: the same response a second time is refused', async () => {
    const verifier = testVerifier();
    const response = await fragment();
    await parseImplicitResponse(response, testTransaction(), verifier);
    const error = await refusal(parseImplicitResponse(response, testTransaction(), verifier));
    expect(error.code).toBe('state_replayed');
    expect(classifyAuthFailure(error).reason).toBe('invalid_state');
  });

  it('refuses an access token swapped in beside a genuine ID token (at_hash)', async () => {
    const error = await refusal(
      parseImplicitResponse(
        await fragment({ access_token: 'an-attackers-access-token' }),
        testTransaction(),
        testVerifier(),
      ),
    );
    expect(error.code).toBe('at_hash_mismatch');
    expect(classifyAuthFailure(error)).toMatchObject({ reason: 'invalid_response', error: null });
    expect(classifyAuthFailure(error).description).toContain('at_hash_mismatch');
  });

  it('refuses a genuine token of another request (nonce)', async () => {
    const error = await refusal(
      parseImplicitResponse(
        await fragment(),
        testTransaction({ nonce: 'nonce-of-this-tab' }),
        testVerifier(),
      ),
    );
    expect(error.code).toBe('nonce_mismatch');
  });
});
