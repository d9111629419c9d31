import { useEffect, useState } from 'react';
import type { MeResponse } from '@millwright/model';
import { clearToken } from '../api/token.js';
import { useServices } from '../app/useServices.js';

/**
 * Who the editor acts as, for logged-in users (a login or single sign-on session), with a
 * "Sign out" button; nothing for open loopback access or the service token.
 */
export function SignedInAs() {
  const { api } = useServices();
  const [me, setMe] = useState<MeResponse>();
  useEffect(() => {
    let live = true;
    api.me().then(
      (m) => live && setMe(m),
      () => undefined, // not signed in: the token dialog asks
    );
    return () => {
      live = false;
    };
  }, [api]);
  if (me?.via !== 'session') return null;
  const signOut = async () => {
    const answer = await api.logout().catch(() => ({ endSessionUrl: undefined }));
    clearToken();
    // Single sign-on: end the provider's session too; it sends the browser back here.
    if (answer.endSessionUrl) window.location.assign(answer.endSessionUrl);
    else window.location.reload();
  };
  return (
    <span className="signed-in" data-testid="signed-in" data-role={me.role} title={`Signed in as ${me.username}`}>
      {me.username} · {me.role}
      <button type="button" className="link" onClick={() => void signOut()} data-testid="sign-out">
        Sign out
      </button>
    </span>
  );
}
