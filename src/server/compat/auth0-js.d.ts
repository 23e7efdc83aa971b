/** The little of auth0-js 10 the compatibility tests use (the package ships no types). */
declare module 'auth0-js' {
  export interface Auth0Result {
    accessToken: string | null;
    idToken: string | null;
    idTokenPayload: Record<string, unknown> | null;
    refreshToken: string | null;
    state: string | null;
    expiresIn: number | null;
    tokenType: string | null;
    scope: string | null;
  }
  export interface Auth0Error {
    error?: string;
    errorDescription?: string;
    error_description?: string;
  }
  export type Auth0Callback = (error: Auth0Error | null, result: Auth0Result | null) => void;
  export class WebAuth {
    constructor(options: Record<string, unknown>);
    authorize(options?: Record<string, unknown>): void;
    parseHash(options: Record<string, unknown>, callback: Auth0Callback): void;
    checkSession(options: Record<string, unknown>, callback: Auth0Callback): void;
  }
  const auth0: { WebAuth: typeof WebAuth; version: string };
  export default auth0;
}
