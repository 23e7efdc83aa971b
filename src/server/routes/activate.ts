import { type Context, Hono } from 'hono';
import {
  answerDeviceAuthorization,
  findPendingDeviceAuthorization,
  formatUserCode,
} from '../domain/deviceAuthorization.ts';
import type { Domain } from '../domain/domain.ts';
import { csrfTokenFor, findActiveSession, isCsrfTokenValid } from '../domain/sessions.ts';
import { readSessionCookie } from '../http/cookies.ts';
import {
  confirmDevicePage,
  deviceAnsweredPage,
  enterCodePage,
} from '../http/pages/activatePages.ts';
import { formBodyLimit, readForm } from '../http/readForm.ts';
import { refusedFormPost } from '../http/refusedFormPost.ts';
import { setPageHeaders } from '../http/securityHeaders.ts';
import type { SessionRecord } from '../store/records.ts';
import { accountLoginUrl } from './accountLogin.ts';

/** RFC 8628 §3.3 verification page, Auth0's path: sign in, type the code, confirm. */
export function activateRoutes(domain: Domain): Hono {
  const app = new Hono();

  const sessionOf = (c: Context): SessionRecord | undefined =>
    findActiveSession(domain, readSessionCookie(c));

  const emailOf = (session: SessionRecord) =>
    domain.registry.userById(session.sub)?.email ?? session.sub;

  app.get('/activate', (c) => {
    const session = sessionOf(c);
    const userCode = c.req.query('user_code');
    if (!session) {
      const here = userCode ? `/activate?user_code=${encodeURIComponent(userCode)}` : '/activate';
      return c.redirect(accountLoginUrl(here), 302);
    }
    setPageHeaders(c);
    return c.html(
      enterCodePage({
        csrfToken: csrfTokenFor(session),
        userEmail: emailOf(session),
        ...(userCode ? { userCode } : {}),
      }),
    );
  });

  app.post('/activate', formBodyLimit, async (c) => {
    const form = await readForm(c);
    const session = sessionOf(c);
    if (!session) return c.redirect(accountLoginUrl('/activate'), 303);
    if (!isCsrfTokenValid(session, form.get('csrf') ?? undefined)) return refusedFormPost(c);
    const typed = form.get('user_code') ?? '';
    const pending = findPendingDeviceAuthorization(domain, typed);
    setPageHeaders(c);
    if (!pending) {
      return c.html(
        enterCodePage({
          csrfToken: csrfTokenFor(session),
          userEmail: emailOf(session),
          userCode: typed,
          failed: true,
        }),
        400,
      );
    }
    return c.html(
      confirmDevicePage({
        csrfToken: csrfTokenFor(session),
        userEmail: emailOf(session),
        userCode: formatUserCode(pending.record.userCode),
        clientName: pending.client.name,
        device: pending.record.device,
        scope: pending.record.scope,
      }),
    );
  });

  app.post('/activate/confirm', formBodyLimit, async (c) => {
    const form = await readForm(c);
    const session = sessionOf(c);
    if (!session) return c.redirect(accountLoginUrl('/activate'), 303);
    if (!isCsrfTokenValid(session, form.get('csrf') ?? undefined)) return refusedFormPost(c);
    const pending = findPendingDeviceAuthorization(domain, form.get('user_code') ?? '');
    setPageHeaders(c);
    if (!pending) {
      return c.html(
        enterCodePage({
          csrfToken: csrfTokenFor(session),
          userEmail: emailOf(session),
          failed: true,
        }),
        400,
      );
    }
    const approved = form.get('decision') === 'accept';
    answerDeviceAuthorization(domain, pending.record, session, approved);
    return c.html(deviceAnsweredPage(approved));
  });
  return app;
}
