import { resolve } from 'node:path';
import type { ClientConfig, ClientType, RuleSource, UserConfig } from '../config.ts';
import { importModule } from '../importModule.ts';
import type { CustomClaims } from '../store/records.ts';
import { OAuthError } from './oauthError.ts';

/** Auth0's `context.protocol` values: which flow is issuing tokens. */
export type RuleProtocol =
  | 'oidc-basic-profile'
  | 'oidc-implicit-profile'
  | 'oauth2-refresh-token'
  | 'oauth2-password'
  | 'oauth2-device-code'
  | 'oauth2-client-credentials'
  | 'delegation'
  /** Not Auth0's: a FedCM assertion (the browser's account chooser or auto re-authentication). */
  | 'fedcm';

/** The user as a rule sees it (Auth0's user profile shape); a copy, changes are ignored. */
export interface RuleUser {
  user_id: string;
  email: string;
  email_verified: boolean;
  name: string;
  nickname: string;
  picture?: string;
  app_metadata: Record<string, unknown>;
}

export interface RuleContext {
  clientID: string;
  clientName: string;
  clientType: ClientType;
  protocol: RuleProtocol;
  connection: 'Username-Password-Authentication';
  /** The scope being granted. */
  scope: readonly string[];
  audience?: string;
  /** Rules add custom claims here; only namespaced ones (`https://…`) reach the tokens. */
  idToken: Record<string, unknown>;
  accessToken: Record<string, unknown>;
  /** Setting it asks for a redirect, which this server refuses (Auth0 refuses it outside a login). */
  redirect?: { url: string };
}

/**
 * A rule, as in Auth0: it may add claims or throw to refuse the issuance. `user` is undefined
 * for client_credentials, which has no user.
 */
export type Rule = (user: RuleUser | undefined, context: RuleContext) => unknown;

export interface RuleInput {
  protocol: RuleProtocol;
  client: ClientConfig;
  user: UserConfig | undefined;
  scope: readonly string[];
  audience: string | undefined;
}

export interface RuleRunner {
  /** Resolves once every rule module is loaded; rejects with the first that cannot be. */
  readonly ready: Promise<void>;
  readonly count: number;
  rules(): Promise<readonly Rule[]>;
}

const describeSource = (source: RuleSource, index: number) =>
  typeof source === 'string' ? `rules[${index}] (${source})` : `rules[${index}]`;

async function loadRule(source: RuleSource, index: number): Promise<Rule> {
  if (typeof source === 'function') return source as Rule;
  let module: { default?: unknown };
  try {
    module = await importModule(resolve(source));
  } catch (error) {
    throw new Error(
      `${describeSource(source, index)} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof module.default !== 'function') {
    throw new Error(
      `${describeSource(source, index)} must export a default function (user, context) => ...`,
    );
  }
  return module.default as Rule;
}

/** Loads module rules once, in the background; functions are used as given. */
export function createRuleRunner(sources: readonly RuleSource[]): RuleRunner {
  const loaded = Promise.all(sources.map(loadRule));
  // Handled here so a bad path is an error at the first issuance, not an unhandled rejection.
  loaded.catch(() => undefined);
  return {
    ready: loaded.then(() => undefined),
    count: sources.length,
    rules: () => loaded,
  };
}

/** Auth0 keeps custom claims out of the registered and OIDC names by requiring a URL namespace. */
export const isNamespacedClaim = (name: string): boolean => /^https?:\/\/\S+$/.test(name);

function namespacedClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (!isNamespacedClaim(name) || value === undefined) continue;
    // Only JSON reaches a JWT; a function or a cycle would fail at signing time instead.
    try {
      kept[name] = JSON.parse(JSON.stringify(value));
    } catch {
      throw new OAuthError(
        'access_denied',
        `A rule set claim ${name} to a value that is not JSON`,
        {
          status: 403,
        },
      );
    }
  }
  return kept;
}

const ruleUser = (user: UserConfig): RuleUser => ({
  user_id: user.userId,
  email: user.email,
  email_verified: user.emailVerified,
  name: user.name ?? user.email,
  nickname: user.nickname ?? user.email.split('@')[0] ?? user.email,
  ...(user.picture ? { picture: user.picture } : {}),
  app_metadata: structuredClone(user.appMetadata),
});

export const NO_CUSTOM_CLAIMS: CustomClaims = { idToken: {}, accessToken: {} };

/**
 * Runs the rules in order for one issuance and returns the custom claims they added. A rule
 * that throws refuses the issuance (access_denied, the rule's message as description); so does
 * one that asks for a redirect, which no flow here can follow (Auth0: "If you try to do a
 * redirect with context.redirect, the authentication flow will return an error").
 */
export async function runRules(
  domain: { rules: RuleRunner; logger: Pick<Console, 'error'> },
  input: RuleInput,
): Promise<CustomClaims> {
  if (domain.rules.count === 0) return NO_CUSTOM_CLAIMS;
  let rules: readonly Rule[];
  try {
    rules = await domain.rules.rules();
  } catch (error) {
    domain.logger.error('[auth-server] rules could not be loaded', error);
    throw new OAuthError('server_error', 'The rules could not be loaded', { status: 500 });
  }
  const context: RuleContext = {
    clientID: input.client.clientId,
    clientName: input.client.name,
    clientType: input.client.type,
    protocol: input.protocol,
    connection: 'Username-Password-Authentication',
    scope: [...input.scope],
    ...(input.audience === undefined ? {} : { audience: input.audience }),
    idToken: {},
    accessToken: {},
  };
  for (const [index, rule] of rules.entries()) {
    try {
      await rule(input.user && ruleUser(input.user), context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      domain.logger.error(`[auth-server] rules[${index}] refused ${input.protocol}`, error);
      throw new OAuthError('access_denied', `A rule refused the request: ${message}`, {
        status: 403,
      });
    }
    if (context.redirect !== undefined) {
      throw new OAuthError(
        'access_denied',
        `rules[${index}] asked for a redirect (context.redirect), which cannot happen during ${input.protocol}`,
        { status: 403 },
      );
    }
  }
  return {
    idToken: namespacedClaims(context.idToken),
    accessToken: namespacedClaims(context.accessToken),
  };
}
