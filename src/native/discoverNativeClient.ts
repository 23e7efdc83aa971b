import * as client from 'openid-client';
import { NATIVE_CLIENT_ID } from '../protocol/defaults.ts';
import { reaching } from './explainFailure.ts';

/**
 * openid-client's view of the seeded native app: a public client (no secret, `none` at the token
 * endpoint). Plain http is allowed only because the options accept it for loopback hosts alone.
 */
export function discoverNativeClient(issuer: string): Promise<client.Configuration> {
  const url = new URL(issuer);
  return reaching('authorization server', issuer, () =>
    client.discovery(url, NATIVE_CLIENT_ID, undefined, client.None(), {
      timeout: 10,
      ...(url.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
    }),
  );
}
