import { apiAudienceFor, originOf, SPA_CLIENT_ID } from '../../src/protocol/defaults.ts';
import { createControlClient } from '../../src/testing/controlClient.ts';

/** The e2e stack runs on its own ports so it never meets a running `npm start`. */
// E2E_PORT_OFFSET shifts all three, so two suites (two checkouts) can run side by side.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const E2E_PORTS = { auth: 4410 + offset, api: 4411 + offset, spa: 5183 + offset } as const;

export const AUTH = originOf(E2E_PORTS.auth);
export const API = originOf(E2E_PORTS.api);
export const SPA = originOf(E2E_PORTS.spa);
export const AUDIENCE = apiAudienceFor(API);
/** The same authorization server by IP: cross-site to the SPA (its cookies stay out of frames). */
export const AUTH_CROSS_SITE = originOf(E2E_PORTS.auth, '127.0.0.1');
/** The same SPA server by IP: another origin, for pages that play an attacker. */
export const SPA_OTHER_ORIGIN = originOf(E2E_PORTS.spa, '127.0.0.1');
export const CLIENT_ID = SPA_CLIENT_ID;

export const ALICE = { email: 'alice@example.com', password: 'wonderland', name: 'Alice Liddell' };
export const BOB = { email: 'bob@example.com', password: 'builder', name: 'Bob Builder' };

/** The stack's authorization server, steered through the test kit's typed control client. */
export const authServer = createControlClient(AUTH);
