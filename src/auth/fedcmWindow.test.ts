import { describe, expect, it } from 'vitest';
import type { FedCmEnvironment } from './fedcmCredential.ts';
import { navigateWithFedCm } from './fedcmWindow.ts';

const AUTHORIZE = new URL('http://127.0.0.1:4400/authorize');
AUTHORIZE.search = new URLSearchParams({
  client_id: 'spa',
  redirect_uri: 'http://localhost:5173/silent-callback.html',
  response_type: 'code',
  scope: 'openid profile',
  audience: 'http://localhost:4401',
  nonce: 'the-nonce',
  code_challenge: 'c'.repeat(43),
  code_challenge_method: 'S256',
  state: 'the-state',
  prompt: 'none',
}).toString();

function environment(answer: unknown) {
  const asked: CredentialRequestOptions[] = [];
  const env: FedCmEnvironment = {
    supported: true,
    credentials: {
      get: async (options) => {
        asked.push(options as CredentialRequestOptions);
        return answer as Credential;
      },
    },
    memory: { getItem: () => null, setItem: () => {} },
    now: () => 0,
  };
  return { env, asked };
}

describe('navigateWithFedCm', () => {
  it('asks the provider at the authorization server’s origin for the request’s client, with its nonce, PKCE challenge, scope, audience and redirect URI', async () => {
    const { env, asked } = environment({ token: 'the-code' });
    await navigateWithFedCm({ url: AUTHORIZE.href, state: 'the-state' }, env, 'silent');
    expect(asked).toEqual([
      {
        mediation: 'silent',
        identity: {
          providers: [
            {
              configURL: 'http://127.0.0.1:4400/fedcm/config.json',
              clientId: 'spa',
              params: {
                nonce: 'the-nonce',
                code_challenge: 'c'.repeat(43),
                code_challenge_method: 'S256',
                scope: 'openid profile',
                audience: 'http://localhost:4401',
                redirect_uri: 'http://localhost:5173/silent-callback.html',
              },
            },
          ],
        },
      },
    ]);
  });

  it('answers as the redirect would: the redirect URI with the code and the request’s state (no iss: the ID token’s is checked)', async () => {
    const { env } = environment({ token: 'the-code' });
    const { url } = await navigateWithFedCm(
      { url: AUTHORIZE.href, state: 'the-state' },
      env,
      'silent',
    );
    expect(url).toBe('http://localhost:5173/silent-callback.html?code=the-code&state=the-state');
  });

  it('a refusal is thrown, never turned into an answer', async () => {
    const { env } = environment(null);
    await expect(
      navigateWithFedCm({ url: AUTHORIZE.href, state: 'the-state' }, env, 'silent'),
    ).rejects.toMatchObject({ failure: { reason: 'invalid_response' } });
  });
});
