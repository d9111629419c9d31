import type { DeployMode } from '@millwright/model';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { openDialog } from '../store/ui-state.js';
import { loadFromServer, runDeploy } from './run-deploy.js';

/** Shown on a 409: the server's flows changed since we loaded them. Nothing is overwritten silently. */
export function ConflictDialog({ mode, message }: { mode: DeployMode; message?: string | undefined }) {
  const services = useServices();
  const close = () => openDialog(services.ui, undefined);
  return (
    <Dialog title="The deployed flows have changed" onClose={close} testId="conflict-dialog">
      <p>
        Someone deployed to this runtime after you loaded your flows. Deploying now would replace their changes with
        yours.
      </p>
      <div className="button-row end">
        <button type="button" onClick={close} data-testid="conflict-cancel">
          Cancel
        </button>
        <button
          type="button"
          data-testid="conflict-reload"
          onClick={() => {
            close();
            void loadFromServer(services);
          }}
        >
          Reload server flows (discard mine)
        </button>
        <button
          type="button"
          className="danger"
          data-testid="conflict-overwrite"
          onClick={() => {
            close();
            void runDeploy(services, mode, { overwrite: true, ...(message ? { message } : {}) });
          }}
        >
          Overwrite with mine
        </button>
      </div>
    </Dialog>
  );
}
