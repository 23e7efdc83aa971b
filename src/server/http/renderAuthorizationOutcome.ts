import type { Context } from 'hono';
import type { AuthorizationOutcome } from '../domain/authorization/authorize.ts';
import type { Domain } from '../domain/domain.ts';
import { clearInteractionCookie, setInteractionCookie } from './cookies.ts';
import { errorPage } from './pages/errorPage.ts';
import { renderAuthorizationResponse } from './renderAuthorizationResponse.ts';
import { setPageHeaders } from './securityHeaders.ts';

/** Turns what the authorization pipeline decided into an HTTP answer. */
export function renderAuthorizationOutcome(
  c: Context,
  domain: Domain,
  outcome: AuthorizationOutcome,
): Response {
  recordAuthorizationError(c, domain, outcome);
  switch (outcome.type) {
    case 'error_page':
      setPageHeaders(c);
      return c.html(errorPage(outcome.error.error, outcome.error.description), 400);
    case 'respond':
      if (outcome.finishedInteraction) clearInteractionCookie(c, outcome.finishedInteraction.id);
      return renderAuthorizationResponse(c, outcome.target, outcome.params);
    case 'interact': {
      const { interaction } = outcome;
      if (outcome.created) {
        setInteractionCookie(
          c,
          interaction.id,
          interaction.browserBinding,
          domain.lifetimes.current().interactionSeconds,
        );
      }
      c.header('Cache-Control', 'no-store');
      c.header('Content-Security-Policy', `frame-ancestors ${outcome.target.frameAncestors}`);
      return c.redirect(`/u/${outcome.kind}?state=${encodeURIComponent(interaction.id)}`, 302);
    }
  }
}

/** Authorization errors leave as redirects or pages, which the request log cannot read: noted here. */
function recordAuthorizationError(c: Context, domain: Domain, outcome: AuthorizationOutcome): void {
  if (outcome.type === 'error_page') {
    domain.events.record({
      type: 'error',
      endpoint: c.req.path,
      error: outcome.error.error,
      description: outcome.error.description,
      status: 400,
    });
  } else if (outcome.type === 'respond' && outcome.params.error !== undefined) {
    domain.events.record({
      type: 'error',
      endpoint: c.req.path,
      error: outcome.params.error,
      ...(outcome.params.error_description === undefined
        ? {}
        : { description: outcome.params.error_description }),
      clientId: outcome.target.clientId,
    });
  }
}
