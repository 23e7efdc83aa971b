import { describe, expect, it } from 'vitest';
import { checkFrameAnswer } from '../../auth/hiddenFrame.ts';
import { iframeRedirectTransport } from '../../auth/iframeRedirectTransport.ts';
import { silentAnswer } from '../../auth/silentTransport.ts';
import { fragmentTransport } from './implicitWithOfflineAccess.ts';

const settings = {
  spaOrigin: 'http://localhost:5173',
  silentRedirectUri: 'http://localhost:5173/silent-callback.html',
};
const frameWindow = {};
const message = (url: string) => ({
  origin: settings.spaOrigin,
  source: frameWindow,
  data: { source: 'oidc-client', url, keepOpen: false },
});

describe('fragmentTransport', () => {
  const transport = fragmentTransport(iframeRedirectTransport(settings));

  it('lets the state in a fragment pass the frame-message checks', () => {
    const verdict = checkFrameAnswer(
      message(`${settings.silentRedirectUri}#access_token=a&state=s1`),
      silentAnswer(transport, 's1'),
      frameWindow,
    );
    expect(verdict).toEqual({
      accept: true,
      answer: `${settings.silentRedirectUri}?access_token=a&state=s1`,
    });
  });

  it('still refuses another state, another window, another page', () => {
    const expected = silentAnswer(transport, 's1');
    expect(
      checkFrameAnswer(message(`${settings.silentRedirectUri}#state=s2`), expected, frameWindow),
    ).toMatchObject({ accept: false });
    expect(
      checkFrameAnswer(
        { ...message(`${settings.silentRedirectUri}#state=s1`), source: {} },
        expected,
        frameWindow,
      ),
    ).toMatchObject({ accept: false });
    expect(
      transport.readResponse({
        source: 'oidc-client',
        url: 'http://localhost:5173/other#state=s1',
      }),
    ).toBeNull();
  });
});
