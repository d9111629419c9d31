import { useState } from 'react';
import { saveToken } from '../api/token.js';
import { useServices } from '../app/useServices.js';
import { openDialog } from '../store/ui-state.js';
import { Dialog } from './Dialog.js';

/** Asks for the admin token when the runtime answers 401 (a runtime reachable from the network). */
export function TokenDialog({ reason }: { reason: string }) {
  const { ui } = useServices();
  const [token, setToken] = useState('');
  return (
    <Dialog title="Admin token required" onClose={() => openDialog(ui, undefined)} testId="token-dialog">
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
