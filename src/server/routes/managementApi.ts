import { type Context, Hono } from 'hono';
import type { MANAGEMENT_SCOPES } from '../../protocol/defaults.ts';
import type { Domain } from '../domain/domain.ts';
import {
  authorizeManagementRequest,
  deleteDeviceCredential,
  listDeviceCredentials,
} from '../domain/management.ts';
import { isOAuthError, OAuthError } from '../domain/oauthError.ts';
import { bearerToken } from '../http/bearerToken.ts';
import { renderManagementError } from '../http/renderManagementError.ts';
import { setNoStore } from '../http/securityHeaders.ts';
import { webOriginCors } from '../http/webOriginCors.ts';

const READ_DEVICE_CREDENTIALS: (typeof MANAGEMENT_SCOPES)[0] = 'read:device_credentials';
const DELETE_DEVICE_CREDENTIALS: (typeof MANAGEMENT_SCOPES)[1] = 'delete:device_credentials';

/** Auth0 Management API v2, the device credentials part (revoking refresh tokens). */
export function managementApiRoutes(domain: Domain): Hono {
  const app = new Hono();
  // Bearer tokens only, never cookies: answering registered web origins exposes nothing more.
  app.use('/api/v2/*', webOriginCors(domain.registry, ['GET', 'DELETE', 'OPTIONS']));

  const handle = (run: (c: Context) => Promise<Response>) => async (c: Context) => {
    try {
      return await run(c);
    } catch (error) {
      if (isOAuthError(error)) return renderManagementError(c, error);
      throw error;
    }
  };

  app.get(
    '/api/v2/device-credentials',
    handle(async (c) => {
      authorizeManagementRequest(domain, bearerToken(c), READ_DEVICE_CREDENTIALS);
      const credentials = listDeviceCredentials(domain, {
        userId: c.req.query('user_id') || undefined,
        clientId: c.req.query('client_id') || undefined,
        type: c.req.query('type') || undefined,
      });
      setNoStore(c);
      return c.json(credentials);
    }),
  );

  app.delete(
    '/api/v2/device-credentials/:id',
    handle(async (c) => {
      authorizeManagementRequest(domain, bearerToken(c), DELETE_DEVICE_CREDENTIALS);
      if (!deleteDeviceCredential(domain, c.req.param('id') ?? '')) {
        throw new OAuthError('invalid_request', 'The device credential does not exist', {
          status: 404,
        });
      }
      setNoStore(c);
      return c.body(null, 204);
    }),
  );
  return app;
}
