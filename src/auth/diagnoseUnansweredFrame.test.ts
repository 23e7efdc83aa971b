import { describe, expect, it } from 'vitest';
import { diagnoseUnansweredFrame } from './diagnoseUnansweredFrame.ts';

describe('diagnoseUnansweredFrame', () => {
  const reachable = async () => true;
  const unreachable = async () => false;

  it('calls a server page that loaded without answering a blocked frame', async () => {
    await expect(diagnoseUnansweredFrame(null, reachable)).resolves.toMatchObject({
      reason: 'frame_blocked',
    });
  });

  it('calls it a network error when the server does not answer at all', async () => {
    await expect(diagnoseUnansweredFrame(null, unreachable)).resolves.toMatchObject({
      reason: 'network_error',
    });
  });

  it('names our own page that loaded without posting (e.g. the app served instead of the callback page)', async () => {
    await expect(
      diagnoseUnansweredFrame('http://localhost:5173/silent-callback.html?code=secret', reachable),
    ).resolves.toEqual({
      reason: 'invalid_response',
      description:
        'The hidden frame loaded http://localhost:5173/silent-callback.html but no authorization response came from it',
    });
  });
});
