import { type Context, Hono } from 'hono';
import type { UserConfig } from '../config.ts';
import type { Domain } from '../domain/domain.ts';
import { deleteDeviceCredential, listDeviceCredentials } from '../domain/management.ts';
import { listRefreshTokens } from '../domain/refreshTokens.ts';
import { csrfTokenFor, findActiveSession, isCsrfTokenValid } from '../domain/sessions.ts';
import { readSessionCookie } from '../http/cookies.ts';
import {
  type DeviceRow,
  dashboardHomePage,
  devicesPage,
  forbiddenPage,
  revokeDevicePage,
  userPage,
  usersPage,
} from '../http/pages/dashboardPages.ts';
import { errorPage } from '../http/pages/errorPage.ts';
import { formBodyLimit, readForm } from '../http/readForm.ts';
import { refusedFormPost } from '../http/refusedFormPost.ts';
import { setPageHeaders } from '../http/securityHeaders.ts';
import type { SessionRecord } from '../store/records.ts';
import { accountLoginUrl } from './accountLogin.ts';

type Admin =
  | { ok: true; session: SessionRecord; admin: UserConfig }
  | { ok: false; response: Response };

/**
 * The dashboard is for users the config marks `admin`, signed in on this server (the same
 * session as the hosted login). Others get a 403 page; no session, the login page.
 */
function requireAdmin(c: Context, domain: Domain): Admin {
  const session = findActiveSession(domain, readSessionCookie(c));
  const user = session && domain.registry.userById(session.sub);
  if (!session || !user) {
    const here = new URL(c.req.url);
    return {
      ok: false,
      response: c.redirect(accountLoginUrl(`${here.pathname}${here.search}`), 302),
    };
  }
  setPageHeaders(c);
  if (!user.admin) return { ok: false, response: c.html(forbiddenPage(user.email), 403) };
  return { ok: true, session, admin: user };
}

const iso = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function dashboardRoutes(domain: Domain): Hono {
  const app = new Hono();

  const notFound = (c: Context) => c.html(errorPage('not_found', 'No such user'), 404);

  app.get('/dashboard', (c) => {
    const admin = requireAdmin(c, domain);
    if (!admin.ok) return admin.response;
    return c.html(
      dashboardHomePage(admin.admin.email, {
        users: domain.registry.users.length,
        devices: listRefreshTokens(domain).length,
      }),
    );
  });

  app.get('/dashboard/users', (c) => {
    const admin = requireAdmin(c, domain);
    if (!admin.ok) return admin.response;
    return c.html(usersPage(domain.registry.users));
  });

  app.get('/dashboard/users/:userId', (c) => {
    const admin = requireAdmin(c, domain);
    if (!admin.ok) return admin.response;
    const user = domain.registry.userById(c.req.param('userId'));
    if (!user) return notFound(c);
    return c.html(userPage(user, listRefreshTokens(domain, { sub: user.userId }).length));
  });

  const deviceRowsOf = (user: UserConfig): DeviceRow[] =>
    listRefreshTokens(domain, { sub: user.userId }).map((record) => ({
      id: record.id,
      clientName: domain.registry.client(record.clientId)?.name ?? record.clientId,
      device: record.device,
      type: record.rotating ? 'rotating refresh token' : 'refresh token',
      createdAt: iso(record.createdAt),
      lastUsedAt: iso(record.lastUsedAt),
    }));

  app.get('/dashboard/users/:userId/devices', (c) => {
    const admin = requireAdmin(c, domain);
    if (!admin.ok) return admin.response;
    const user = domain.registry.userById(c.req.param('userId'));
    if (!user) return notFound(c);
    return c.html(devicesPage(user, deviceRowsOf(user), c.req.query('revoked') === '1'));
  });

  // The confirmation step: a GET that changes nothing; only its CSRF-protected form revokes.
  app.get('/dashboard/users/:userId/devices/:id/revoke', (c) => {
    const admin = requireAdmin(c, domain);
    if (!admin.ok) return admin.response;
    const user = domain.registry.userById(c.req.param('userId'));
    if (!user) return notFound(c);
    const row = deviceRowsOf(user).find((candidate) => candidate.id === c.req.param('id'));
    if (!row) return c.html(errorPage('not_found', 'No such device credential'), 404);
    return c.html(revokeDevicePage(user, row, csrfTokenFor(admin.session)));
  });

  app.post('/dashboard/users/:userId/devices/:id/revoke', formBodyLimit, async (c) => {
    const admin = requireAdmin(c, domain);
    if (!admin.ok) return admin.response;
    const form = await readForm(c);
    if (!isCsrfTokenValid(admin.session, form.get('csrf') ?? undefined)) return refusedFormPost(c);
    const user = domain.registry.userById(c.req.param('userId'));
    if (!user) return notFound(c);
    const id = c.req.param('id');
    // Only a credential of the user in the path: the URL names whose device is revoked.
    if (listDeviceCredentials(domain, { userId: user.userId }).some((d) => d.id === id)) {
      deleteDeviceCredential(domain, id);
    }
    return c.redirect(`/dashboard/users/${encodeURIComponent(user.userId)}/devices?revoked=1`, 303);
  });
  return app;
}
