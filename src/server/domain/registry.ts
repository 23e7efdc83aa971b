import { managementAudienceFor } from '../../protocol/defaults.ts';
import {
  type ApiConfig,
  type AuthServerConfig,
  type ClientConfig,
  MANAGEMENT_API_SCOPES,
  type UserConfig,
} from '../config.ts';

/** The clients and users the control API may replace (APIs stay as configured). */
export interface Tenant {
  clients: readonly ClientConfig[];
  users: readonly UserConfig[];
}

/** Constant-time lookups over the configured tenant (clients, APIs, users). */
export interface Registry {
  client(clientId: string): ClientConfig | undefined;
  /**
   * A configured API, or the management API: by its identifier, or by any issuer's `api/v2/`
   * (one tenant reached at two hosts, as the lab's 127.0.0.1 mode does, has one management API).
   */
  api(identifier: string): ApiConfig | undefined;
  userById(userId: string): UserConfig | undefined;
  userByEmail(email: string): UserConfig | undefined;
  /** Whether any client registered this origin (CORS on token and userinfo). */
  isWebOrigin(origin: string): boolean;
  /** Auth0's management API (device credentials), always present. */
  readonly managementApi: ApiConfig;
  readonly clients: readonly ClientConfig[];
  readonly users: readonly UserConfig[];
  /** Swaps in clients and users the control API validated. */
  replace(tenant: Tenant): void;
  /** Back to the configured clients and users. */
  reset(): void;
}

interface Index {
  tenant: Tenant;
  clients: Map<string, ClientConfig>;
  usersById: Map<string, UserConfig>;
  usersByEmail: Map<string, UserConfig>;
  webOrigins: Set<string>;
}

const indexTenant = (tenant: Tenant): Index => ({
  tenant,
  clients: new Map(tenant.clients.map((client) => [client.clientId, client])),
  usersById: new Map(tenant.users.map((user) => [user.userId, user])),
  usersByEmail: new Map(tenant.users.map((user) => [user.email.toLowerCase(), user])),
  webOrigins: new Set(tenant.clients.flatMap((client) => client.webOrigins)),
});

export function createRegistry(config: AuthServerConfig): Registry {
  const managementApi: ApiConfig = {
    identifier: config.managementApi.identifier,
    name: 'Management API',
    scopes: [...MANAGEMENT_API_SCOPES],
    allowOfflineAccess: false,
  };
  const apis = new Map<string, ApiConfig>([
    ...config.issuers.map((issuer) => [managementAudienceFor(issuer), managementApi] as const),
    ...config.apis.map((api) => [api.identifier, api] as const),
    [managementApi.identifier, managementApi],
  ]);
  const configured = indexTenant({ clients: config.clients, users: config.users });
  let index = configured;
  return {
    client: (clientId) => index.clients.get(clientId),
    api: (identifier) => apis.get(identifier),
    userById: (userId) => index.usersById.get(userId),
    userByEmail: (email) => index.usersByEmail.get(email.trim().toLowerCase()),
    isWebOrigin: (origin) => index.webOrigins.has(origin),
    managementApi,
    get clients() {
      return index.tenant.clients;
    },
    get users() {
      return index.tenant.users;
    },
    replace(tenant) {
      index = indexTenant(tenant);
    },
    reset() {
      index = configured;
    },
  };
}
