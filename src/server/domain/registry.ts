import type { ApiConfig, AuthServerConfig, ClientConfig, UserConfig } from '../config.ts';

/** Constant-time lookups over the configured tenant (clients, APIs, users). */
export interface Registry {
  client(clientId: string): ClientConfig | undefined;
  api(identifier: string): ApiConfig | undefined;
  userById(userId: string): UserConfig | undefined;
  userByEmail(email: string): UserConfig | undefined;
  /** Whether any client registered this origin (CORS on token and userinfo). */
  isWebOrigin(origin: string): boolean;
  readonly clients: readonly ClientConfig[];
}

export function createRegistry(config: AuthServerConfig): Registry {
  const clients = new Map(config.clients.map((client) => [client.clientId, client]));
  const apis = new Map(config.apis.map((api) => [api.identifier, api]));
  const usersById = new Map(config.users.map((user) => [user.userId, user]));
  const usersByEmail = new Map(config.users.map((user) => [user.email.toLowerCase(), user]));
  const webOrigins = new Set(config.clients.flatMap((client) => client.webOrigins));
  return {
    client: (clientId) => clients.get(clientId),
    api: (identifier) => apis.get(identifier),
    userById: (userId) => usersById.get(userId),
    userByEmail: (email) => usersByEmail.get(email.trim().toLowerCase()),
    isWebOrigin: (origin) => webOrigins.has(origin),
    clients: config.clients,
  };
}
