import { useEffect, useRef, useState } from 'react';
import {
  readStorageAccessGrantMessage,
  storageAccessGrantUrl,
} from '../auth/storageAccessGrant.ts';
import type { StorageAccessGrantOutcome } from '../protocol/oauth.ts';
import { useAuth, useClientSettings } from './AuthContext.tsx';

const AFTER: Record<StorageAccessGrantOutcome, string> = {
  granted: 'Allowed. Checking your sign-in again in the background…',
  denied: 'The browser did not allow it. Sign in with a full page instead.',
  not_supported: 'This browser cannot allow it. Sign in with a full page instead.',
};

/**
 * The authorization server's grant page, framed visibly: its button asks the browser for storage
 * access (a real browser shows its own prompt). Its answer is read only from that frame and the
 * server's origin; once granted, the hidden frame's next request gets the server's cookies, so
 * the app signs in (or renews) silently again.
 */
export function StorageAccessGrant() {
  const { authority, spaOrigin } = useClientSettings();
  const status = useAuth((state) => state.status);
  const signInSilently = useAuth((state) => state.signInSilently);
  const renewNow = useAuth((state) => state.renewNow);
  const frame = useRef<HTMLIFrameElement>(null);
  const [outcome, setOutcome] = useState<StorageAccessGrantOutcome | null>(null);

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const answer = readStorageAccessGrantMessage(event, {
        authority,
        frame: frame.current?.contentWindow ?? null,
      });
      if (!answer) return;
      setOutcome(answer);
      if (answer === 'granted')
        void (status === 'anonymous' ? signInSilently() : renewNow('manual'));
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [authority, status, signInSilently, renewNow]);

  return (
    <div className="storage-access-grant">
      <iframe
        ref={frame}
        title="Storage access for the authorization server"
        src={storageAccessGrantUrl(authority, spaOrigin)}
      />
      {outcome && <p role="status">{AFTER[outcome]}</p>}
    </div>
  );
}
