import { Hono } from 'hono';
import { core } from 'zod/mini';
import {
  type AuthServerConfig,
  type AuthServerConfigInput,
  ensureParsedAuthServerConfig,
  type Lifetimes,
  type RateLimits,
  type SigningKeySource,
  seedConfig,
} from './config.ts';
import {
  endSessions,
  type RefreshTokenSelector,
  type RefreshTokenSummary,
  resetState,
  revokeRefreshTokensMatching,
  setLifetimes,
  setRateLimits,
  summarizeRefreshTokens,
} from './control/control.ts';
import type { ControlledDomain } from './control/controlPlane.ts';
import { createCookieBlockingSetting } from './control/cookieBlocking.ts';
import { createEventTimeline } from './control/eventTimeline.ts';
import { createFaultSettings } from './control/faults.ts';
import { createRequestLog } from './control/requestLog.ts';
import { type Clock, createServerClock, systemClock } from './domain/clock.ts';
import { createDpopSettings } from './domain/dpop/dpopSettings.ts';
import { createLifetimeSettings, type LifetimeOverrides } from './domain/lifetimes.ts';
import { isOAuthError, OAuthError } from './domain/oauthError.ts';
import { createRateLimitSettings, type RateLimitOverrides } from './domain/rateLimits.ts';
import { createRegistry } from './domain/registry.ts';
import { createRuleRunner } from './domain/rules.ts';
import {
  generateSigningKey,
  jwksOf,
  type PublicJwk,
  type SigningKey,
  signingKeyFromPrivateJwk,
} from './domain/signingKey.ts';
import { DeferredRegExpRouter } from './http/deferredRegExpRouter.ts';
import { everyRequest } from './http/everyRequest.ts';
import { renderOAuthErrorJson } from './http/renderOAuthError.ts';
import { accountLoginRoutes } from './routes/accountLogin.ts';
import { activateRoutes } from './routes/activate.ts';
import { authorizeRoutes } from './routes/authorize.ts';
import { consentRoutes } from './routes/consent.ts';
import { controlRoutes } from './routes/control.ts';
import { cookieProbeRoutes } from './routes/cookieProbe.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { delegationRoutes } from './routes/delegation.ts';
import { deviceAuthorizationRoutes } from './routes/deviceAuthorization.ts';
import { discoveryRoutes } from './routes/discovery.ts';
import { fedcmRoutes } from './routes/fedcm.ts';
import { loginRoutes } from './routes/login.ts';
import { logoutRoutes } from './routes/logout.ts';
import { managementApiRoutes } from './routes/managementApi.ts';
import { revokeRoutes } from './routes/revoke.ts';
import { storageAccessGrantRoutes } from './routes/storageAccessGrant.ts';
import { tokenRoutes } from './routes/token.ts';
import { userinfoRoutes } from './routes/userinfo.ts';
import { loadOrCreateSigningKeyFile } from './signingKeyFile.ts';
import { createMemoryStore } from './store/memoryStore.ts';
import type { Store } from './store/store.ts';

export interface AuthServerOptions {
  clock?: Clock;
  /** Use this key instead of the config's key source (tests share one; generating costs ~100 ms). */
  signingKey?: SigningKey;
  store?: Store;
  /** Where unexpected errors are reported (never to the client). Defaults to console. */
  logger?: Pick<Console, 'error'>;
}

export interface AuthServer {
  app: Hono;
  /** `env` is what @hono/node-server passes (the socket, for the client's IP address). */
  fetch(request: Request, env?: unknown): Promise<Response>;
  config: AuthServerConfig;
  signingKey: SigningKey;
  jwks(): { keys: PublicJwk[] };
  /** Resolves once rule modules are loaded; rejects naming the first that cannot be. */
  ready: Promise<void>;
  /**
   * Lets go of requests held by a hang or delay fault (they answer 503) and of any later one,
   * so that closing the HTTP server leaves no timer or pending answer behind.
   */
  close(): void;
  /** The control API's operations, for in-process use. */
  control: {
    reset(): void;
    setLifetimes(overrides: LifetimeOverrides): Lifetimes;
    endSessions(userId?: string): number;
    setRateLimits(overrides: RateLimitOverrides): RateLimits;
    listRefreshTokens(filter?: { userId?: string; clientId?: string }): RefreshTokenSummary[];
    /** Revokes the device credentials matching every field given (all when none); returns how many. */
    revokeRefreshTokens(filter?: RefreshTokenSelector): number;
  };
}

function resolveSigningKey(source: SigningKeySource): SigningKey {
  switch (source.source) {
    case 'file':
      return loadOrCreateSigningKeyFile(source.path);
    case 'generate':
      return generateSigningKey();
    case 'jwk':
      return signingKeyFromPrivateJwk(source.jwk);
  }
}

/** Everything the routes share, from a parsed config. */
export function createDomain(
  config: AuthServerConfig,
  options: AuthServerOptions = {},
): ControlledDomain {
  const clock = createServerClock(options.clock ?? systemClock);
  return {
    config,
    registry: createRegistry(config),
    store: options.store ?? createMemoryStore(),
    clock,
    clockControl: clock,
    events: createEventTimeline(clock),
    requestLog: createRequestLog(),
    faults: createFaultSettings(),
    cookieBlocking: createCookieBlockingSetting(),
    signingKey: options.signingKey ?? resolveSigningKey(config.signingKey),
    lifetimes: createLifetimeSettings(config.lifetimes),
    rateLimits: createRateLimitSettings(config.rateLimits),
    dpop: createDpopSettings(config.dpop, clock),
    rules: createRuleRunner(config.rules),
    logger: options.logger ?? console,
  };
}

/** The mock authorization server as a Hono app; `listenAuthServer` puts it on a port. */
export function createAuthServer(
  configInput: AuthServerConfigInput = seedConfig(),
  options: AuthServerOptions = {},
): AuthServer {
  const config = ensureParsedAuthServerConfig(configInput);
  const domain = createDomain(config, options);
  const { logger } = domain;

  const app = new Hono({ router: new DeferredRegExpRouter() });
  app.use(everyRequest(domain));

  for (const routes of [
    discoveryRoutes,
    authorizeRoutes,
    loginRoutes,
    consentRoutes,
    tokenRoutes,
    revokeRoutes,
    deviceAuthorizationRoutes,
    userinfoRoutes,
    logoutRoutes,
    cookieProbeRoutes,
    storageAccessGrantRoutes,
    accountLoginRoutes,
    activateRoutes,
    dashboardRoutes,
    managementApiRoutes,
    delegationRoutes,
    fedcmRoutes,
  ]) {
    app.route('/', routes(domain));
  }
  if (config.control) app.route('/', controlRoutes(domain));

  // RFC 6749 §5.2 has no "not found" code: an unknown endpoint is a request this server cannot serve.
  app.notFound((c) =>
    c.json(
      {
        error: 'invalid_request',
        error_description: `No such endpoint: ${c.req.method} ${c.req.path}`,
      },
      404,
    ),
  );
  // Client mistakes are OAuth errors; anything else is our bug: say so without details.
  app.onError((error, c) => {
    if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
    if (error instanceof core.$ZodError) {
      return renderOAuthErrorJson(c, new OAuthError('invalid_request', 'Malformed request'));
    }
    // The client hung up before its body arrived: no one to answer, and not our bug.
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') {
      return renderOAuthErrorJson(c, new OAuthError('invalid_request', 'The request was aborted'));
    }
    logger.error('[auth-server] unexpected error', error);
    return renderOAuthErrorJson(
      c,
      new OAuthError('server_error', 'The server could not handle the request', { status: 500 }),
    );
  });

  return {
    app,
    fetch: (request, env) => Promise.resolve(app.fetch(request, env)),
    config,
    signingKey: domain.signingKey,
    jwks: () => jwksOf([domain.signingKey]),
    ready: domain.rules.ready,
    close: () => domain.faults.close(),
    control: {
      reset: () => resetState(domain),
      setLifetimes: (overrides) => setLifetimes(domain, overrides),
      endSessions: (userId) => endSessions(domain, userId),
      setRateLimits: (overrides) => setRateLimits(domain, overrides),
      listRefreshTokens: (filter = {}) => summarizeRefreshTokens(domain, filter),
      revokeRefreshTokens: (filter = {}) => revokeRefreshTokensMatching(domain, filter),
    },
  };
}
