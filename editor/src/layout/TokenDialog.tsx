import { useEffect, useState } from 'react';
import type { AuthProvidersResponse } from '@millwright/model';
import { lastSsoError, saveToken } from '../api/token.js';
import { useServices } from '../app/useServices.js';
import { openDialog } from '../store/ui-state.js';
import { Dialog } from './Dialog.js';

/**
 * Asks for the admin token when the runtime answers 401 (a runtime reachable from the network),
 * and offers single sign-on when the runtime has an identity provider configured.
 */
export function TokenDialog({ reason }: { reason: string }) {
  const { ui, api } = useServices();
  const [token, setToken] = useState('');
  const [providers, setProviders] = useState<AuthProvidersResponse>({});
  useEffect(() => {
    let live = true;
    api.authProviders().then(
      (p) => live && setProviders(p),
      () => undefined, // an older runtime: token only
    );
    return () => {
      live = false;
    };
  }, [api]);
  const ssoError = lastSsoError();
  return (
    <Dialog title="Sign in" onClose={() => openDialog(ui, undefined)} testId="token-dialog">
      {providers.sso && (
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={() => window.location.assign(providers.sso?.loginPath ?? '/')}
            data-testid="sso-login"
          >
            {providers.sso.label}
          </button>
        </div>
      )}
      {ssoError && (
        <p className="error" data-testid="sso-error">
          Single sign-on failed: {ssoError}
        </p>
      )}
      <p>This runtime requires an admin token ({reason}). It is kept for this browser tab only.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          saveToken(token.trim());
          window.location.reload();
        }}
      >
        <input type="password" autoFocus value={token} onChange={(e) => setToken(e.target.value)} placeholder="Token" />
        <div className="button-row end">
          <button type="submit" className="primary" disabled={token.trim().length === 0}>
            Connect
          </button>
        </div>
      </form>
    </Dialog>
  );
}
