import { Hono } from 'hono';
import {
  continueAuthorization,
  denyInteraction,
  findInteractionForBrowser,
  interactionNotFound,
} from '../domain/authorization/authorize.ts';
import {
  findLiveInteraction,
  isInteractionPostAllowed,
  recordInteractionConsent,
} from '../domain/authorization/interactions.ts';
import type { Domain } from '../domain/domain.ts';
import { OAuthError } from '../domain/oauthError.ts';
import { findActiveSession } from '../domain/sessions.ts';
import { readInteractionCookie, readSessionCookie } from '../http/cookies.ts';
import { consentPage } from '../http/pages/consentPage.ts';
import { formBodyLimit, readForm } from '../http/readForm.ts';
import { refusedFormPost } from '../http/refusedFormPost.ts';
import { renderAuthorizationOutcome } from '../http/renderAuthorizationOutcome.ts';
import { setPageHeaders } from '../http/securityHeaders.ts';

export function consentRoutes(domain: Domain): Hono {
  const app = new Hono();

  app.get('/u/consent', async (c) => {
    const id = c.req.query('state');
    const binding = readInteractionCookie(c, id);
    const found = findInteractionForBrowser(domain, id, binding);
    if (!found.ok) return renderAuthorizationOutcome(c, domain, found.outcome);
    const session = findActiveSession(domain, readSessionCookie(c));
    const user = session && domain.registry.userById(session.sub);
    // No session any more: the resume step sends the browser to the login page.
    if (!user) {
      const outcome = await continueAuthorization(domain, {
        interactionId: id,
        browserBinding: binding,
        sessionCookie: undefined,
      });
      return renderAuthorizationOutcome(c, domain, outcome);
    }
    setPageHeaders(c);
    return c.html(
      consentPage({
        interactionId: found.interaction.id,
        csrfToken: found.interaction.csrfToken,
        clientName: found.client.name,
        userEmail: user.email,
        scope: found.interaction.request.scope,
      }),
    );
  });

  app.post('/u/consent', formBodyLimit, async (c) => {
    const form = await readForm(c);
    const interaction = findLiveInteraction(domain, form.get('state') ?? undefined);
    const client = interaction && domain.registry.client(interaction.request.clientId);
    if (!interaction || !client)
      return renderAuthorizationOutcome(c, domain, interactionNotFound());
    const binding = readInteractionCookie(c, interaction.id);
    if (!isInteractionPostAllowed(interaction, form.get('csrf') ?? undefined, binding)) {
      return refusedFormPost(c);
    }
    if (form.get('decision') !== 'accept') {
      const denied = new OAuthError('access_denied', 'The user did not give consent');
      return renderAuthorizationOutcome(
        c,
        domain,
        denyInteraction(domain, interaction, client, denied),
      );
    }
    const session = findActiveSession(domain, readSessionCookie(c));
    if (session) recordInteractionConsent(domain, interaction, session.sub);
    return c.redirect(`/authorize/resume?state=${encodeURIComponent(interaction.id)}`, 303);
  });
  return app;
}
