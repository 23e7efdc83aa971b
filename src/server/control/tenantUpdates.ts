import {
  authServerConfigSchema,
  type ClientConfig,
  formatPath,
  type UserConfig,
} from '../config.ts';
import type { Domain } from '../domain/domain.ts';
import { OAuthError } from '../domain/oauthError.ts';

type Field = 'clients' | 'users';

/**
 * Puts `entry` (raw JSON from a control request) in place of the one with the same id and
 * validates the whole tenant with the config's own schema, so the control API accepts exactly
 * what a config file would (unique ids and emails, known audiences, secrets per client type).
 * Issues about the entry are named from its own fields (`redirectUris[0]: ...`).
 */
function replaceEntry(
  domain: Domain,
  field: Field,
  entry: unknown,
  isSame: (existing: ClientConfig | UserConfig) => boolean,
): { clients: ClientConfig[]; users: UserConfig[] } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new OAuthError('invalid_request', '(body): expected a JSON object');
  }
  const { registry } = domain;
  const current: Record<Field, readonly (ClientConfig | UserConfig)[]> = {
    clients: registry.clients,
    users: registry.users,
  };
  // Last, so a duplicate email or id is reported on the new entry rather than an older one.
  const list = [...current[field].filter((existing) => !isSame(existing)), entry];
  const result = authServerConfigSchema.safeParse({
    ...domain.config,
    clients: current.clients,
    users: current.users,
    [field]: list,
  });
  if (!result.success) {
    const index = list.length - 1;
    const issues = result.error.issues.map((issue) => {
      const [head, at, ...rest] = issue.path;
      const own = head === field && at === index;
      return `${(own ? formatPath(rest) : formatPath(issue.path)) || '(body)'}: ${issue.message}`;
    });
    throw new OAuthError('invalid_request', issues.join('; '));
  }
  return { clients: result.data.clients, users: result.data.users };
}

const notFound = (what: string, id: string) =>
  new OAuthError('invalid_request', `No ${what} with id ${JSON.stringify(id)}`, { status: 404 });

const idOf = (entry: unknown, key: 'clientId' | 'userId'): unknown =>
  typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;

/** Creates a client, or replaces the one with its clientId; `created` tells which. */
export function saveClient(
  domain: Domain,
  entry: unknown,
): { client: ClientConfig; created: boolean } {
  const clientId = idOf(entry, 'clientId');
  const created = typeof clientId !== 'string' || !domain.registry.client(clientId);
  const tenant = replaceEntry(
    domain,
    'clients',
    entry,
    (c) => (c as ClientConfig).clientId === clientId,
  );
  domain.registry.replace(tenant);
  return { client: tenant.clients.at(-1) as ClientConfig, created };
}

/** Changes the given fields of an existing client (its clientId stays). */
export function updateClient(domain: Domain, clientId: string, changes: unknown): ClientConfig {
  const existing = domain.registry.client(clientId);
  if (!existing) throw notFound('client', clientId);
  return saveClient(domain, { ...existing, ...asObject(changes), clientId }).client;
}

/** Creates a user, or replaces the one with its userId; `created` tells which. */
export function saveUser(domain: Domain, entry: unknown): { user: UserConfig; created: boolean } {
  const userId = idOf(entry, 'userId');
  const created = typeof userId !== 'string' || !domain.registry.userById(userId);
  const tenant = replaceEntry(domain, 'users', entry, (u) => (u as UserConfig).userId === userId);
  domain.registry.replace(tenant);
  return { user: tenant.users.at(-1) as UserConfig, created };
}

/** Changes the given fields of an existing user (its userId stays). */
export function updateUser(domain: Domain, userId: string, changes: unknown): UserConfig {
  const existing = domain.registry.userById(userId);
  if (!existing) throw notFound('user', userId);
  return saveUser(domain, { ...existing, ...asObject(changes), userId }).user;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OAuthError('invalid_request', '(body): expected a JSON object');
  }
  return value as Record<string, unknown>;
}
