import {
  type ApiConfig,
  type AuthServerConfig,
  type ClientConfig,
  MANAGEMENT_API_SCOPES,
  type UserConfig,
} from '../config.ts';

/** Constant-time lookups over the configured tenant (clients, APIs, users). */
export interface Registry {
  client(clientId: string): ClientConfig | undefined;
  /** A configured API, or the management API. */
  api(identifier: string): ApiConfig | undefined;
  userById(userId: string): UserConfig | undefined;
  userByEmail(email: string): UserConfig | undefined;
  /** Whether any client registered this origin (CORS on token and userinfo). */
  isWebOrigin(origin: string): boolean;
  /** Auth0's management API (device credentials), always present. */
  readonly managementApi: ApiConfig;
  readonly clients: readonly ClientConfig[];
  readonly users: readonly UserConfig[];
}

export function createRegistry(config: AuthServerConfig): Registry {
  const clients = new Map(config.clients.map((client) => [client.clientId, client]));
  const managementApi: ApiConfig = {
    identifier: config.managementApi.identifier,
    name: 'Management API',
    scopes: [...MANAGEMENT_API_SCOPES],
    allowOfflineAccess: false,
  };
  const apis = new Map(
    [...config.apis, managementApi].map((api) => [api.identifier, api] as const),
  );
  const usersById = new Map(config.users.map((user) => [user.userId, user]));
  const usersByEmail = new Map(config.users.map((user) => [user.email.toLowerCase(), user]));
  const webOrigins = new Set(config.clients.flatMap((client) => client.webOrigins));
  return {
    client: (clientId) => clients.get(clientId),
    api: (identifier) => apis.get(identifier),
    userById: (userId) => usersById.get(userId),
    userByEmail: (email) => usersByEmail.get(email.trim().toLowerCase()),
    isWebOrigin: (origin) => webOrigins.has(origin),
    managementApi,
    clients: config.clients,
    users: config.users,
  };
}
