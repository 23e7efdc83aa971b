import { describe, expect, it } from 'vitest';
import { SPA_CLIENT_ID, THIRD_PARTY_SPA_CLIENT_ID } from '../../../protocol/defaults.ts';
import type { ClientConfig } from '../../config.ts';
import type { AuthorizationRequest, InteractionRecord } from '../../store/records.ts';
import { createTestDomain } from '../../testSupport/testServer.ts';
import { recordConsent } from '../grants.ts';
import { OAuthError } from '../oauthError.ts';
import { startSession } from '../sessions.ts';
import { resolveInteraction } from './resolveInteraction.ts';

const request = (overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  issuer: 'http://localhost:4400/',
  clientId: SPA_CLIENT_ID,
  redirectUri: 'http://localhost:5173/callback',
  responseType: 'code',
  responseMode: 'query',
  scope: ['openid'],
  prompt: [],
  ...overrides,
});

const setup = () => {
  const domain = createTestDomain();
  const client = (id: string) => domain.registry.client(id) as ClientConfig;
  return { domain, spa: client(SPA_CLIENT_ID), thirdParty: client(THIRD_PARTY_SPA_CLIENT_ID) };
};

const silentError = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return error.error;
    throw error;
  }
  throw new Error('expected a silent authentication error');
};

describe('resolveInteraction', () => {
  it('is ready with a session and nothing to ask', () => {
    const { domain, spa } = setup();
    const session = startSession(domain, 'auth0|alice');
    expect(resolveInteraction(domain, request({ prompt: ['none'] }), spa, session)).toEqual({
      kind: 'ready',
      session,
    });
  });

  it('asks for login without a session, or says login_required to prompt=none', () => {
    const { domain, spa } = setup();
    expect(resolveInteraction(domain, request(), spa, undefined)).toEqual({ kind: 'login' });
    expect(
      silentError(() => resolveInteraction(domain, request({ prompt: ['none'] }), spa, undefined)),
    ).toBe('login_required');
  });

  it('says login_required when the session is older than max_age', () => {
    const { domain, spa } = setup();
    const session = startSession(domain, 'auth0|alice');
    domain.clock.advance(61_000);
    const req = request({ prompt: ['none'], maxAge: 60 });
    expect(silentError(() => resolveInteraction(domain, req, spa, session))).toBe('login_required');
    expect(resolveInteraction(domain, { ...req, maxAge: 61 }, spa, session).kind).toBe('ready');
  });

  it('says login_required when id_token_hint names another user', () => {
    const { domain, spa } = setup();
    const session = startSession(domain, 'auth0|alice');
    const req = request({ prompt: ['none'], idTokenHintSub: 'auth0|bob' });
    expect(silentError(() => resolveInteraction(domain, req, spa, session))).toBe('login_required');
  });

  it('forces the login page on prompt=login, until a login happened in this transaction', () => {
    const { domain, spa } = setup();
    const session = startSession(domain, 'auth0|alice');
    const req = request({ prompt: ['login'] });
    expect(resolveInteraction(domain, req, spa, session)).toEqual({ kind: 'login' });
    const interaction = { loginCompletedAt: domain.clock.now() } as InteractionRecord;
    expect(resolveInteraction(domain, req, spa, session, interaction).kind).toBe('ready');
  });

  it('says consent_required for a third-party client until the user consented', () => {
    const { domain, thirdParty } = setup();
    const session = startSession(domain, 'auth0|alice');
    const req = request({
      clientId: THIRD_PARTY_SPA_CLIENT_ID,
      prompt: ['none'],
      scope: ['openid', 'email'],
    });
    expect(silentError(() => resolveInteraction(domain, req, thirdParty, session))).toBe(
      'consent_required',
    );
    recordConsent(domain, 'auth0|alice', THIRD_PARTY_SPA_CLIENT_ID, ['openid']);
    // Consent to part of the scope is not consent to all of it.
    expect(silentError(() => resolveInteraction(domain, req, thirdParty, session))).toBe(
      'consent_required',
    );
    recordConsent(domain, 'auth0|alice', THIRD_PARTY_SPA_CLIENT_ID, ['email']);
    expect(resolveInteraction(domain, req, thirdParty, session).kind).toBe('ready');
  });

  it('never asks a first-party client for consent unless prompt=consent', () => {
    const { domain, spa } = setup();
    const session = startSession(domain, 'auth0|alice');
    expect(resolveInteraction(domain, request(), spa, session).kind).toBe('ready');
    expect(resolveInteraction(domain, request({ prompt: ['consent'] }), spa, session)).toEqual({
      kind: 'consent',
    });
  });
});
