import { describe, expect, it } from 'vitest';
import { checkFrameAnswer } from './hiddenFrame.ts';
import { iframeRedirectTransport } from './iframeRedirectTransport.ts';
import { silentAnswer } from './silentTransport.ts';
import { webMessageTransport } from './webMessageTransport.ts';

const SPA = 'http://localhost:5173';
const AUTH = 'http://localhost:4400';
const settings = {
  spaOrigin: SPA,
  silentRedirectUri: `${SPA}/silent-callback.html`,
  authority: `${AUTH}/`,
};
const ourFrame = { name: 'our frame window' };
const otherFrame = { name: 'a hostile frame' };

describe('iframeRedirectTransport', () => {
  const transport = iframeRedirectTransport(settings);
  const answer = (url: string) => ({ source: 'oidc-client', url, keepOpen: false });

  it('reads the URL posted by the silent callback page', () => {
    const url = `${SPA}/silent-callback.html?code=c&state=s1`;
    expect(transport.readResponse(answer(url))).toBe(url);
    expect(transport.responseOrigin).toBe(SPA);
    expect(transport.authorizeParams).toEqual({});
  });

  it.each([
    ['another page of ours', answer(`${SPA}/callback?code=c&state=s1`)],
    ['a page elsewhere', answer('https://evil.example/silent-callback.html?code=c&state=s1')],
    ['no URL', { source: 'oidc-client' }],
    ['a bad URL', answer('not a url')],
    ['another message', { type: 'react-devtools' }],
    ['nothing', null],
  ])('does not read %s as an answer', (_, data) => {
    expect(transport.readResponse(data)).toBeNull();
  });
});

describe('webMessageTransport', () => {
  const transport = webMessageTransport(settings);

  it('asks for response_mode=web_message and expects the answer from the server origin', () => {
    expect(transport.authorizeParams).toEqual({ response_mode: 'web_message' });
    expect(transport.responseOrigin).toBe(AUTH);
  });

  it('turns the posted response into a callback URL on the registered redirect URI', () => {
    const data = { type: 'authorization_response', response: { code: 'c', state: 's1', junk: 3 } };
    expect(transport.readResponse(data)).toBe(`${SPA}/silent-callback.html?code=c&state=s1`);
  });

  it('keeps an error response', () => {
    const data = {
      type: 'authorization_response',
      response: { error: 'login_required', error_description: 'No session', state: 's1' },
    };
    const url = new URL(transport.readResponse(data) ?? '');
    expect(url.searchParams.get('error')).toBe('login_required');
  });

  it.each([
    ['another type', { type: 'something_else', response: { code: 'c' } }],
    ['no response', { type: 'authorization_response' }],
    ['a string response', { type: 'authorization_response', response: 'code=c' }],
  ])('does not read %s as an answer', (_, data) => {
    expect(transport.readResponse(data)).toBeNull();
  });
});

describe('checkFrameAnswer with silentAnswer', () => {
  const transport = webMessageTransport(settings);
  const data = { type: 'authorization_response', response: { code: 'c', state: 's1' } };
  const expected = silentAnswer(transport, 's1');

  it('accepts the answer from our frame, from the server origin, with our state', () => {
    expect(checkFrameAnswer({ origin: AUTH, source: ourFrame, data }, expected, ourFrame)).toEqual({
      accept: true,
      answer: `${SPA}/silent-callback.html?code=c&state=s1`,
    });
  });

  it('ignores a message from another window, even with the right origin and state', () => {
    expect(
      checkFrameAnswer({ origin: AUTH, source: otherFrame, data }, expected, ourFrame),
    ).toEqual({
      accept: false,
      reason: 'an authorization response from a window other than our frame',
    });
  });

  it('ignores a message with no source window', () => {
    expect(
      checkFrameAnswer({ origin: AUTH, source: null, data }, expected, ourFrame),
    ).toMatchObject({
      accept: false,
    });
  });

  it('ignores a message from another origin', () => {
    expect(
      checkFrameAnswer(
        { origin: 'https://evil.example', source: ourFrame, data },
        expected,
        ourFrame,
      ),
    ).toEqual({
      accept: false,
      reason: 'an authorization response from the wrong origin https://evil.example',
    });
  });

  it('ignores an answer to another request (guessed or stale state)', () => {
    const guessed = {
      type: 'authorization_response',
      response: { code: 'forged', state: 'guess' },
    };
    expect(
      checkFrameAnswer({ origin: AUTH, source: ourFrame, data: guessed }, expected, ourFrame),
    ).toEqual({
      accept: false,
      reason: 'an authorization response whose state does not match the request',
    });
    const stateless = { type: 'authorization_response', response: { code: 'forged' } };
    expect(
      checkFrameAnswer({ origin: AUTH, source: ourFrame, data: stateless }, expected, ourFrame),
    ).toMatchObject({
      accept: false,
    });
  });

  it('does not even count messages that are not answers', () => {
    expect(
      checkFrameAnswer({ origin: AUTH, source: ourFrame, data: { hello: 1 } }, expected, ourFrame),
    ).toBeNull();
  });

  it('the redirect transport expects the answer from our own origin', () => {
    const redirect = iframeRedirectTransport(settings);
    const answer = { source: 'oidc-client', url: `${SPA}/silent-callback.html?code=c&state=s1` };
    const check = (origin: string) =>
      checkFrameAnswer(
        { origin, source: ourFrame, data: answer },
        silentAnswer(redirect, 's1'),
        ourFrame,
      );
    expect(check(SPA)).toMatchObject({ accept: true });
    expect(check(AUTH)).toMatchObject({ accept: false });
  });
});
