import { describe, expect, it } from 'vitest';
import type { AuthStore } from '../auth/authStore.ts';
import { readClientSettings } from '../auth/clientSettings.ts';
import type { FedCmEnvironment } from '../auth/fedcmCredential.ts';
import { runFedCmFlow } from './fedcmFlow.ts';
import type { LabEnvironment } from './labEnvironment.ts';

const SPA = 'http://localhost:5173';
const AUTHORITY = 'http://127.0.0.1:4400/';
const settings = readClientSettings(undefined, SPA);

function environment(tokenAnswer: () => Response) {
  const exchanges: URLSearchParams[] = [];
  const env: LabEnvironment = {
    settings,
    auth: {} as AuthStore,
    window: undefined as unknown as Window,
    document: undefined as unknown as Document,
    now: Date.now,
    fetch: (async (input: string, init?: RequestInit) => {
      expect(String(input)).toBe(`${AUTHORITY}oauth/token`);
      exchanges.push(new URLSearchParams(String(init?.body)));
      return tokenAnswer();
    }) as typeof fetch,
  };
  return { env, exchanges };
}

/** Plays the browser's FedCM: `answer` gets what the page asked. */
function browser(answer: (options: CredentialRequestOptions) => unknown) {
  const asked: CredentialRequestOptions[] = [];
  const fedcm: FedCmEnvironment = {
    supported: true,
    credentials: {
      get: async (options) => {
        asked.push(options as CredentialRequestOptions);
        return answer(options as CredentialRequestOptions) as Credential;
      },
    },
    memory: { getItem: () => null, setItem: () => {} },
    now: Date.now,
  };
  return { fedcm, asked };
}

const tokens = () =>
  new Response(JSON.stringify({ access_token: 'a.b.c', token_type: 'Bearer', expires_in: 60 }), {
    headers: { 'Content-Type': 'application/json' },
  });

describe('runFedCmFlow', () => {
  it('asks FedCM at the server’s config for a code bound to its PKCE challenge, shows the credential, exchanges the code with the verifier', async () => {
    const { env, exchanges } = environment(tokens);
    const { fedcm, asked } = browser(() => ({ token: 'the-code', isAutoSelected: true }));
    const flow = await runFedCmFlow(
      env,
      { label: 'FedCM', authority: AUTHORITY, mediation: 'silent' },
      fedcm,
    );
    expect(flow.failure).toBeNull();
    expect(flow.autoSelected).toBe(true);
    expect(flow.mark).toMatchObject({ transport: 'fedcm', ok: true, label: 'FedCM' });
    const provider = (asked[0] as { identity: { providers: { configURL: string }[] } }).identity
      .providers[0];
    expect(provider?.configURL).toBe(`${AUTHORITY}fedcm/config.json`);
    expect(flow.steps[0]?.request?.via).toBe('FedCM');
    expect(flow.steps[0]?.response).toMatchObject({
      kind: 'credential',
      body: { isAutoSelected: true, token: expect.stringMatching(/^‹token present/) },
    });
    expect(exchanges[0]?.get('code')).toBe('the-code');
    expect(exchanges[0]?.get('code_verifier')).toMatch(/^[\w-]{43}$/);
    expect(flow.steps[1]?.observations).toEqual([
      expect.objectContaining({ label: 'refresh_token in the response', value: 'absent' }),
    ]);
  });

  it('a silent refusal by the browser is a step with nothing back, its reason, and no exchange', async () => {
    const { env, exchanges } = environment(tokens);
    const { fedcm } = browser(() => {
      throw Object.assign(new Error('Error retrieving a token.'), { name: 'NetworkError' });
    });
    const flow = await runFedCmFlow(
      env,
      { label: 'FedCM', authority: AUTHORITY, mediation: 'silent' },
      fedcm,
    );
    expect(flow.failure?.reason).toBe('fedcm_no_account');
    expect(flow.steps).toHaveLength(1);
    expect(flow.steps[0]?.response?.kind).toBe('none');
    expect(flow.mark).toMatchObject({ ok: false, reason: 'fedcm_no_account' });
    expect(exchanges).toHaveLength(0);
  });

  it('a refused exchange is the server’s OAuth error', async () => {
    const { env } = environment(
      () =>
        new Response(JSON.stringify({ error: 'invalid_grant' }), {
          status: 400,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const { fedcm } = browser(() => ({ token: 'the-code', isAutoSelected: false }));
    const flow = await runFedCmFlow(
      env,
      { label: 'FedCM', authority: AUTHORITY, mediation: 'optional' },
      fedcm,
    );
    expect(flow.failure).toMatchObject({ reason: 'oauth_error', error: 'invalid_grant' });
  });
});
