import { describe, expect, it } from 'vitest';
import { type ClientConfig, parseAuthServerConfig } from '../../config.ts';
import { refusal } from '../../testSupport/testServer.ts';
import { createRegistry } from '../registry.ts';
import { requestParameters } from '../requestParameters.ts';
import { checkAudience } from './checkAudience.ts';
import { checkClient } from './checkClient.ts';
import { checkPkce } from './checkPkce.ts';
import { checkPrompt } from './checkPrompt.ts';
import { checkRedirectUri } from './checkRedirectUri.ts';
import { checkRepeatedParameters } from './checkRepeatedParameters.ts';
import { checkResponseMode } from './checkResponseMode.ts';
import { checkResponseType } from './checkResponseType.ts';
import { checkScope } from './checkScope.ts';

const config = parseAuthServerConfig({
  clients: [
    { clientId: 'spa', type: 'spa', redirectUris: ['http://app.example/cb'] },
    { clientId: 'native', type: 'native', redirectUris: ['com.example.app:/cb'] },
    {
      clientId: 'web',
      type: 'regular_web',
      clientSecret: 's',
      redirectUris: ['https://web.example/cb'],
    },
    { clientId: 'm2m', type: 'm2m', clientSecret: 's' },
  ],
  apis: [{ identifier: 'https://api.example/', scopes: ['read:a'] }],
});
const registry = createRegistry(config);
const client = (id: string) => registry.client(id) as ClientConfig;
const params = (query: string) => requestParameters(new URLSearchParams(query));

describe('checkClient', () => {
  it('refuses a missing or unknown client_id', () => {
    expect(refusal(() => checkClient(registry, params(''))).error).toBe('invalid_request');
    expect(refusal(() => checkClient(registry, params('client_id=x'))).error).toBe(
      'invalid_client',
    );
  });
});

describe('checkRedirectUri', () => {
  it('accepts an exact match only', () => {
    expect(checkRedirectUri(client('spa'), params('redirect_uri=http://app.example/cb'))).toBe(
      'http://app.example/cb',
    );
    for (const uri of ['http://app.example/cb/', 'http://APP.example/cb', 'http://app.example/c']) {
      const error = refusal(() =>
        checkRedirectUri(client('spa'), params(`redirect_uri=${encodeURIComponent(uri)}`)),
      );
      expect(error.description).toContain('redirect_uri is not registered');
    }
  });

  it('refuses a repeated redirect_uri', () => {
    expect(
      refusal(() =>
        checkRedirectUri(
          client('spa'),
          params('redirect_uri=http://app.example/cb&redirect_uri=x'),
        ),
      ).error,
    ).toBe('invalid_request');
  });
});

describe('checkResponseMode', () => {
  it('defaults to query and accepts the four modes', () => {
    expect(checkResponseMode(params(''), 'http://app.example/cb')).toBe('query');
    for (const mode of ['query', 'fragment', 'form_post', 'web_message']) {
      expect(checkResponseMode(params(`response_mode=${mode}`), 'http://app.example/cb')).toBe(
        mode,
      );
    }
  });

  it('refuses web_message to a redirect URI without an http origin', () => {
    expect(
      refusal(() => checkResponseMode(params('response_mode=web_message'), 'com.example.app:/cb'))
        .error,
    ).toBe('invalid_request');
  });
});

describe('checkResponseType', () => {
  it('accepts code', () => {
    expect(checkResponseType(client('spa'), params('response_type=code'))).toBe('code');
  });

  it('refuses hybrid response types and m2m clients', () => {
    expect(
      refusal(() => checkResponseType(client('spa'), params('response_type=code+id_token'))).error,
    ).toBe('unsupported_response_type');
    expect(
      refusal(() => checkResponseType(client('m2m'), params('response_type=code'))).error,
    ).toBe('unauthorized_client');
  });

  it('accepts the implicit response types in any order, for a client with the implicit grant', () => {
    expect(checkResponseType(client('spa'), params('response_type=token+id_token'))).toBe(
      'id_token token',
    );
    expect(checkResponseType(client('spa'), params('response_type=id_token'))).toBe('id_token');
    expect(checkResponseType(client('spa'), params('response_type=token'))).toBe('token');
  });

  it('refuses the implicit flow to a client without the implicit grant', () => {
    const error = refusal(() =>
      checkResponseType(client('native'), params('response_type=id_token+token')),
    );
    expect(error.error).toBe('unauthorized_client');
    expect(error.description).toContain('implicit');
  });
});

describe('checkPkce', () => {
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('requires an S256 challenge from public clients (spa and native)', () => {
    for (const id of ['spa', 'native']) {
      expect(refusal(() => checkPkce(client(id), params(''), 'code')).description).toContain(
        'required',
      );
    }
  });

  it('refuses plain, and a challenge without a method', () => {
    const plain = refusal(() =>
      checkPkce(
        client('spa'),
        params(`code_challenge=${challenge}&code_challenge_method=plain`),
        'code',
      ),
    );
    expect(plain.description).toContain('plain is not allowed');
    const none = refusal(() =>
      checkPkce(client('spa'), params(`code_challenge=${challenge}`), 'code'),
    );
    expect(none.description).toContain('plain');
  });

  it('refuses a malformed challenge', () => {
    expect(
      refusal(() =>
        checkPkce(client('spa'), params('code_challenge=abc&code_challenge_method=S256'), 'code'),
      ).error,
    ).toBe('invalid_request');
  });

  it('lets a confidential client skip PKCE, but not use plain', () => {
    expect(checkPkce(client('web'), params(''), 'code')).toEqual({});
    expect(
      refusal(() =>
        checkPkce(
          client('web'),
          params(`code_challenge=${challenge}&code_challenge_method=plain`),
          'code',
        ),
      ).error,
    ).toBe('invalid_request');
  });

  it('accepts S256', () => {
    expect(
      checkPkce(
        client('spa'),
        params(`code_challenge=${challenge}&code_challenge_method=S256`),
        'code',
      ),
    ).toEqual({ codeChallenge: challenge, codeChallengeMethod: 'S256' });
  });
});

describe('checkAudience and checkScope', () => {
  it('refuses an unknown audience', () => {
    expect(
      refusal(() => checkAudience(registry, params('audience=https://x.example/'))).error,
    ).toBe('access_denied');
  });

  it('keeps OIDC scopes, offline_access (for the policy to judge) and the API’s scopes, drops the rest', () => {
    const api = checkAudience(registry, params('audience=https://api.example/'));
    expect(checkScope(params('scope=openid email read:a write:a offline_access'), api)).toEqual([
      'openid',
      'email',
      'read:a',
      'offline_access',
    ]);
    expect(checkScope(params('scope=openid read:a'), undefined)).toEqual(['openid']);
  });
});

describe('checkPrompt', () => {
  it('reads prompt and max_age', () => {
    expect(checkPrompt(params('prompt=login consent&max_age=0'))).toEqual({
      prompt: ['login', 'consent'],
      maxAge: 0,
    });
  });

  it.each([
    ['prompt=none login'],
    ['prompt=none consent'],
    ['prompt=fancy'],
    ['max_age=-1'],
    ['max_age=1.5'],
    ['max_age=soon'],
  ])('refuses %s', (query) => {
    expect(refusal(() => checkPrompt(params(query))).error).toBe('invalid_request');
  });
});

describe('checkRepeatedParameters', () => {
  it('refuses a repeated known parameter and ignores repeated unknown ones', () => {
    expect(refusal(() => checkRepeatedParameters(params('state=a&state=b'))).description).toContain(
      'state',
    );
    expect(() => checkRepeatedParameters(params('auth0Client=a&auth0Client=b'))).not.toThrow();
  });
});
