import { useState } from 'react';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { Dialog } from '../layout/Dialog.js';
import { openDialog } from '../store/ui-state.js';
import { runDeploy } from './run-deploy.js';

const MODE_LABEL = { full: 'Full', flows: 'Modified flows', nodes: 'Modified nodes' } as const;

/**
 * "Deploy with message…": the message says why, and stays with the snapshot the deploy records
 * (history panel, `millwright diff`, and the commit message in git project mode).
 */
export function DeployMessageDialog() {
  const services = useServices();
  const mode = useUi((s) => s.deployMode);
  const [message, setMessage] = useState('');
  const close = () => openDialog(services.ui, undefined);
  const submit = () => {
    close();
    void runDeploy(services, mode, { message });
  };
  return (
    <Dialog title="Deploy with a message" onClose={close} testId="deploy-message-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="stacked">
          Why this deploy (kept in the history)
          <textarea
            autoFocus
            rows={3}
            value={message}
            maxLength={500}
            onChange={(e) => setMessage(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submit();
              }
            }}
            placeholder="e.g. line 2: raise the press timeout to 500 ms"
            data-testid="deploy-message"
          />
        </label>
        <div className="button-row end">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="deploy-message-submit">
            Deploy ({MODE_LABEL[mode]})
          </button>
        </div>
      </form>
    </Dialog>
  );
}
