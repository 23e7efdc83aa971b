import { decodeJwt } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import {
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  NATIVE_CLIENT_ID,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_TEST_SECRET,
} from '../../protocol/defaults.ts';
import { type AuthServerConfigInput, seedConfig } from '../config.ts';
import { createAuthServer } from '../createAuthServer.ts';
import type { Rule, RuleContext, RuleUser } from '../domain/rules.ts';
import {
  ALICE,
  API_AUDIENCE,
  answerDeviceCode,
  CookieJar,
  createTestServer,
  exchangeCode,
  postForm,
  refreshWith,
  signIn,
  signInForTokens,
  signInNative,
  signInOnServer,
  testSigningKey,
} from '../testSupport/testServer.ts';

const CLAIM = 'https://silentauthlab.example/protocol';

/** Records each run and tags both tokens with the protocol (plus a claim Auth0 would drop). */
function taggingRule() {
  const runs: { user: RuleUser | undefined; context: RuleContext }[] = [];
  const rule: Rule = async (user, context) => {
    runs.push({ user, context: { ...context } });
    context.idToken[CLAIM] = context.protocol;
    context.accessToken[CLAIM] = context.protocol;
    context.accessToken['https://silentauthlab.example/roles'] = user?.app_metadata.roles ?? [];
    context.idToken.not_namespaced = 'dropped';
    context.accessToken.sub = 'not-overridden';
  };
  return { rule, runs };
}

const withRules =
  (...rules: Rule[]) =>
  (config: AuthServerConfigInput): AuthServerConfigInput => ({
    ...config,
    users: (config.users ?? []).map((user) =>
      user.userId === ALICE.sub ? { ...user, appMetadata: { roles: ['admin'] } } : user,
    ),
    rules,
  });

describe('rules: run on every issuance, with context.protocol', () => {
  it('authorization code flow: oidc-basic-profile, claims in both tokens', async () => {
    const { rule, runs } = taggingRule();
    const { server } = createTestServer(withRules(rule));
    const tokens = await signInForTokens(server);
    expect(runs.map((run) => run.context.protocol)).toEqual(['oidc-basic-profile']);
    expect(runs[0]?.user).toMatchObject({ user_id: ALICE.sub, email: ALICE.email });
    expect(runs[0]?.context).toMatchObject({
      clientID: 'silent-auth-lab-spa',
      clientType: 'spa',
      audience: API_AUDIENCE,
    });
    const access = decodeJwt(tokens.access_token);
    expect(access).toMatchObject({
      [CLAIM]: 'oidc-basic-profile',
      'https://silentauthlab.example/roles': ['admin'],
      sub: ALICE.sub,
    });
    const id = decodeJwt(tokens.id_token ?? '');
    expect(id[CLAIM]).toBe('oidc-basic-profile');
    expect(id).not.toHaveProperty('not_namespaced');
  });

  it('implicit flow: oidc-implicit-profile', async () => {
    const { rule } = taggingRule();
    const { server } = createTestServer(withRules(rule));
    const callback = await signIn(server, new CookieJar(), {
      response_type: 'id_token token',
      code_challenge: undefined,
      code_challenge_method: undefined,
    });
    const fragment = new URLSearchParams(callback.hash.slice(1));
    expect(decodeJwt(fragment.get('id_token') ?? '')[CLAIM]).toBe('oidc-implicit-profile');
    expect(decodeJwt(fragment.get('access_token') ?? '')[CLAIM]).toBe('oidc-implicit-profile');
  });

  it('refresh exchange: oauth2-refresh-token, claims on the new tokens', async () => {
    const { rule, runs } = taggingRule();
    const { server } = createTestServer(withRules(rule));
    const tokens = await signInNative(server);
    const body = await (await refreshWith(server, tokens.refresh_token ?? '')).json();
    expect(runs.map((run) => run.context.protocol)).toEqual([
      'oidc-basic-profile',
      'oauth2-refresh-token',
    ]);
    expect(decodeJwt(body.access_token)[CLAIM]).toBe('oauth2-refresh-token');
    expect(decodeJwt(body.id_token)[CLAIM]).toBe('oauth2-refresh-token');
  });

  it('password grant: oauth2-password', async () => {
    const { rule } = taggingRule();
    const { server } = createTestServer(withRules(rule));
    const body = await (
      await postForm(server, '/oauth/token', {
        grant_type: 'password',
        client_id: REGULAR_WEB_CLIENT_ID,
        client_secret: REGULAR_WEB_TEST_SECRET,
        username: ALICE.email,
        password: ALICE.password,
        scope: 'openid',
      })
    ).json();
    expect(decodeJwt(body.id_token)[CLAIM]).toBe('oauth2-password');
  });

  it('device code grant: oauth2-device-code', async () => {
    const { rule } = taggingRule();
    const { server } = createTestServer(withRules(rule));
    const start = await (
      await postForm(server, '/oauth/device/code', { client_id: NATIVE_CLIENT_ID, scope: 'openid' })
    ).json();
    const jar = new CookieJar();
    await signInOnServer(server, jar, '/activate');
    await answerDeviceCode(server, jar, start.user_code);
    const body = await (
      await postForm(server, '/oauth/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: NATIVE_CLIENT_ID,
        device_code: start.device_code,
      })
    ).json();
    expect(decodeJwt(body.id_token)[CLAIM]).toBe('oauth2-device-code');
  });

  it('client credentials: oauth2-client-credentials, no user', async () => {
    const { rule, runs } = taggingRule();
    const { server } = createTestServer(withRules(rule));
    const body = await (
      await postForm(server, '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: M2M_CLIENT_ID,
        client_secret: M2M_TEST_SECRET,
        audience: API_AUDIENCE,
      })
    ).json();
    expect(runs[0]?.user).toBeUndefined();
    expect(decodeJwt(body.access_token)).toMatchObject({
      [CLAIM]: 'oauth2-client-credentials',
      sub: `${M2M_CLIENT_ID}@clients`,
    });
  });

  it('delegation: delegation', async () => {
    const { rule } = taggingRule();
    const { server } = createTestServer(withRules(rule));
    const tokens = await signInNative(server);
    const body = await (
      await postForm(server, '/delegation', {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        client_id: NATIVE_CLIENT_ID,
        refresh_token: tokens.refresh_token,
      })
    ).json();
    expect(decodeJwt(body.id_token)[CLAIM]).toBe('delegation');
  });

  it('runs several rules in order, each seeing what the previous added', async () => {
    const order: string[] = [];
    const first: Rule = (_user, context) => {
      order.push('first');
      context.accessToken['https://silentauthlab.example/n'] = 1;
    };
    const second: Rule = (_user, context) => {
      order.push('second');
      context.accessToken['https://silentauthlab.example/n'] =
        Number(context.accessToken['https://silentauthlab.example/n']) + 1;
    };
    const { server } = createTestServer(withRules(first, second));
    const tokens = await signInForTokens(server);
    expect(order).toEqual(['first', 'second']);
    expect(decodeJwt(tokens.access_token)['https://silentauthlab.example/n']).toBe(2);
  });
});

describe('rules that refuse', () => {
  it('a rule that throws: access_denied with its message, and the server keeps running', async () => {
    let refuse = true;
    const logger = { error: vi.fn() };
    const rule: Rule = (_user, context) => {
      if (refuse && context.protocol === 'oauth2-password') throw new Error('No robots allowed');
    };
    const failing = createAuthServer(withRules(rule)(seedConfig()), {
      signingKey: testSigningKey,
      logger,
    });
    const password = () =>
      postForm(failing, '/oauth/token', {
        grant_type: 'password',
        client_id: REGULAR_WEB_CLIENT_ID,
        client_secret: REGULAR_WEB_TEST_SECRET,
        username: ALICE.email,
        password: ALICE.password,
      });
    const refused = await password();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'access_denied',
      error_description: 'A rule refused the request: No robots allowed',
    });
    expect(logger.error).toHaveBeenCalledOnce();
    refuse = false;
    expect((await password()).status).toBe(200);
  });

  it('a rule that throws at sign-in sends access_denied to the redirect URI', async () => {
    const rule: Rule = () => {
      throw new Error('Blocked user');
    };
    const { server } = createTestServer(withRules(rule));
    const callback = await signIn(server, new CookieJar());
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toContain('Blocked user');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('a rule that asks for a redirect makes the refresh exchange fail, the token stays valid', async () => {
    let redirect = false;
    const rule: Rule = (_user, context) => {
      if (redirect) context.redirect = { url: 'https://mfa.example/' };
    };
    const { server } = createTestServer(withRules(rule));
    const tokens = await signInNative(server);
    redirect = true;
    const response = await refreshWith(server, tokens.refresh_token ?? '');
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error).toBe('access_denied');
    expect(body.error_description).toContain('oauth2-refresh-token');
    expect(body.error_description).toContain('redirect');
    redirect = false;
    expect((await refreshWith(server, tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('runs once per code flow sign-in, at the authorization step, not again at the exchange', async () => {
    const runs: string[] = [];
    const rule: Rule = (_user, context) => {
      runs.push(context.protocol);
    };
    const { server } = createTestServer(withRules(rule));
    const callback = await signIn(server, new CookieJar());
    await exchangeCode(server, callback.searchParams.get('code') ?? '');
    expect(runs).toEqual(['oidc-basic-profile']);
  });
});
