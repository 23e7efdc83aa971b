import { ErrorResponse } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import { classifyAuthFailure } from './authFailure.ts';
import {
  classifyFedCmFailure,
  FEDCM_QUIET_PERIOD_MS,
  type FedCmEnvironment,
  FedCmError,
  quietPeriodEndsAt,
  requestFedCmCode,
} from './fedcmCredential.ts';

const CONFIG_URL = 'http://127.0.0.1:4400/fedcm/config.json';
const PARAMS = {
  nonce: 'n',
  code_challenge: 'c'.repeat(43),
  code_challenge_method: 'S256' as const,
  scope: 'openid',
};

const domError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('Error retrieving a token.'), { name, ...extra });

function environment(answer: () => Promise<unknown>, supported = true) {
  const stored = new Map<string, string>();
  const calls: unknown[] = [];
  let time = 1_000_000;
  const env: FedCmEnvironment = {
    supported,
    credentials: {
      get: (options) => {
        calls.push(options);
        return answer() as Promise<Credential | null>;
      },
    },
    memory: {
      getItem: (key) => stored.get(key) ?? null,
      setItem: (key, value) => void stored.set(key, value),
    },
    now: () => time,
  };
  return { env, calls, advance: (ms: number) => (time += ms) };
}

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FedCmError);
  return (error as FedCmError).failure;
};

describe('requestFedCmCode', () => {
  it('asks the browser for the server’s config with the client and the PKCE params; the token is the code', async () => {
    const { env, calls } = environment(async () => ({ token: 'the-code' }));
    const code = await requestFedCmCode(env, {
      configURL: CONFIG_URL,
      clientId: 'spa',
      params: PARAMS,
      mediation: 'required',
    });
    expect(code).toEqual({ code: 'the-code', autoSelected: false });
    expect(calls).toEqual([
      {
        mediation: 'required',
        identity: {
          providers: [
            {
              configURL: CONFIG_URL,
              clientId: 'spa',
              params: PARAMS,
            },
          ],
        },
      },
    ]);
  });

  it('says fedcm_unsupported without calling anything where the browser has no FedCM', async () => {
    const { env, calls } = environment(async () => ({ token: 'x' }), false);
    const failure = await failureOf(
      requestFedCmCode(env, {
        configURL: CONFIG_URL,
        clientId: 'spa',
        params: PARAMS,
        mediation: 'silent',
      }),
    );
    expect(failure.reason).toBe('fedcm_unsupported');
    expect(calls).toEqual([]);
  });

  it('after a silent success, a silent failure within 10 minutes is the quiet period; after it, no account', async () => {
    let answer: () => Promise<unknown> = async () => ({ token: 'code' });
    const { env, advance } = environment(() => answer());
    const silent = () =>
      requestFedCmCode(env, {
        configURL: CONFIG_URL,
        clientId: 'spa',
        params: PARAMS,
        mediation: 'silent',
      });
    await silent();
    answer = async () => {
      throw domError('NetworkError');
    };
    advance(60_000);
    expect((await failureOf(silent())).reason).toBe('fedcm_quiet_period');
    advance(FEDCM_QUIET_PERIOD_MS);
    expect(quietPeriodEndsAt(env, CONFIG_URL)).toBeUndefined();
    expect((await failureOf(silent())).reason).toBe('fedcm_no_account');
  });

  it('a response without a token is an invalid response', async () => {
    const { env } = environment(async () => null);
    const failure = await failureOf(
      requestFedCmCode(env, {
        configURL: CONFIG_URL,
        clientId: 'spa',
        params: PARAMS,
        mediation: 'required',
      }),
    );
    expect(failure.reason).toBe('invalid_response');
  });
});

describe('requestFedCmCode: the quiet period and the wait', () => {
  it('an automatic choice under optional mediation starts the quiet period too', async () => {
    let answer: () => Promise<unknown> = async () => ({ token: 'code', isAutoSelected: true });
    const { env } = environment(() => answer());
    const request = { configURL: CONFIG_URL, clientId: 'spa', params: PARAMS };
    await requestFedCmCode(env, { ...request, mediation: 'optional' });
    expect(quietPeriodEndsAt(env, CONFIG_URL)).toBeDefined();
    answer = async () => {
      throw domError('NetworkError');
    };
    expect(
      (await failureOf(requestFedCmCode(env, { ...request, mediation: 'silent' }))).reason,
    ).toBe('fedcm_quiet_period');
  });

  it('a wait ended by its signal is a timeout we decided, passed to the browser as its signal', async () => {
    const { env, calls } = environment(async () => {
      throw domError('AbortError');
    });
    const signal = AbortSignal.abort();
    const failure = await failureOf(
      requestFedCmCode(env, {
        configURL: CONFIG_URL,
        clientId: 'spa',
        params: PARAMS,
        mediation: 'optional',
        signal,
      }),
    );
    expect(failure).toMatchObject({ reason: 'timeout', decidedBy: 'timeout' });
    expect(calls[0]).toMatchObject({ signal });
  });
});

describe('classifyFedCmFailure', () => {
  const required = { mediation: 'required' as const, quietUntil: undefined };
  const silent = { mediation: 'silent' as const, quietUntil: undefined };

  it.each([
    ['temporarily_unavailable', 'server_error'],
    ['server_error', 'server_error'],
    ['too_many_requests', 'rate_limited'],
    ['unauthorized_client', 'oauth_error'],
    ['consent_required', 'consent_required'],
  ])(
    'the server’s %s (IdentityCredentialError.error) is read as its OAuth error: %s',
    (code, reason) => {
      const classified = classifyFedCmFailure(
        domError('IdentityCredentialError', { error: code }),
        required,
      );
      expect(classified).toBeInstanceOf(ErrorResponse);
      expect(classifyAuthFailure(classified)).toMatchObject({
        reason,
        error: code,
        decidedBy: 'server_answer',
      });
    },
  );

  it('the server’s login_required (no session behind the accounts) is FedCM’s no account', () => {
    expect(
      classifyFedCmFailure(
        domError('IdentityCredentialError', { error: 'login_required' }),
        silent,
      ),
    ).toMatchObject({
      reason: 'fedcm_no_account',
      error: 'login_required',
      decidedBy: 'server_answer',
    });
  });

  it('NotAllowedError: FedCM turned off or refused', () => {
    expect(classifyFedCmFailure(domError('NotAllowedError'), required)).toMatchObject({
      reason: 'fedcm_disabled',
      decidedBy: 'fedcm_browser',
    });
  });

  it('a silent NetworkError: the quiet period while it lasts, else no account', () => {
    expect(classifyFedCmFailure(domError('NetworkError'), silent)).toMatchObject({
      reason: 'fedcm_no_account',
    });
    expect(
      classifyFedCmFailure(domError('NetworkError'), { mediation: 'silent', quietUntil: 5 }),
    ).toMatchObject({ reason: 'fedcm_quiet_period' });
  });

  it('NetworkError outside silent mediation, or an IdentityCredentialError without a code: network', () => {
    expect(classifyFedCmFailure(domError('NetworkError'), required)).toMatchObject({
      reason: 'network_error',
    });
    expect(
      classifyFedCmFailure(domError('IdentityCredentialError', { error: '' }), required),
    ).toMatchObject({ reason: 'network_error' });
  });
});
