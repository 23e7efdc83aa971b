import { Hono } from 'hono';
import {
  findInteractionForBrowser,
  interactionNotFound,
} from '../domain/authorization/authorize.ts';
import {
  findLiveInteraction,
  isInteractionPostAllowed,
  recordInteractionLogin,
} from '../domain/authorization/interactions.ts';
import type { Domain } from '../domain/domain.ts';
import { endSession, startSession } from '../domain/sessions.ts';
import { authenticateUser } from '../domain/users.ts';
import { readInteractionCookie, readSessionCookie, setSessionCookie } from '../http/cookies.ts';
import { loginPage } from '../http/pages/loginPage.ts';
import { formBodyLimit, readForm } from '../http/readForm.ts';
import { refusedFormPost } from '../http/refusedFormPost.ts';
import { renderAuthorizationOutcome } from '../http/renderAuthorizationOutcome.ts';
import { setPageHeaders } from '../http/securityHeaders.ts';

export function loginRoutes(domain: Domain): Hono {
  const app = new Hono();

  app.get('/u/login', (c) => {
    const id = c.req.query('state');
    const found = findInteractionForBrowser(domain, id, readInteractionCookie(c, id));
    if (!found.ok) return renderAuthorizationOutcome(c, domain, found.outcome);
    setPageHeaders(c);
    return c.html(
      loginPage({
        interactionId: found.interaction.id,
        csrfToken: found.interaction.csrfToken,
        clientName: found.client.name,
      }),
    );
  });

  app.post('/u/login', formBodyLimit, async (c) => {
    const form = await readForm(c);
    const id = form.get('state') ?? undefined;
    const interaction = findLiveInteraction(domain, id);
    const client = interaction && domain.registry.client(interaction.request.clientId);
    if (!interaction || !client) {
      return renderAuthorizationOutcome(c, domain, interactionNotFound());
    }
    const binding = readInteractionCookie(c, interaction.id);
    if (!isInteractionPostAllowed(interaction, form.get('csrf') ?? undefined, binding)) {
      return refusedFormPost(c);
    }
    const email = form.get('email') ?? '';
    const user = authenticateUser(domain.registry, email, form.get('password') ?? '');
    setPageHeaders(c);
    if (!user) {
      return c.html(
        loginPage({
          interactionId: interaction.id,
          csrfToken: interaction.csrfToken,
          clientName: client.name,
          email,
          failed: true,
        }),
        400,
      );
    }
    endSession(domain, readSessionCookie(c));
    const session = startSession(domain, user.userId);
    setSessionCookie(c, session.cookie, domain.lifetimes.current().sessionSeconds);
    recordInteractionLogin(domain, interaction);
    return c.redirect(`/authorize/resume?state=${encodeURIComponent(interaction.id)}`, 303);
  });
  return app;
}
