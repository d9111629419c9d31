import type { SnapshotMeta } from '@millwright/model';
import { useState } from 'react';
import { useServices } from '../app/useServices.js';
import { useDocumentDiff } from '../deploy/useDocumentDiff.js';
import { Dialog } from '../layout/Dialog.js';
import { openDialog } from '../store/ui-state.js';
import { rollback } from './run-history.js';
import { shortRevision, snapshotTitle } from './snapshot-text.js';

/** Confirms a rollback: what will be deployed, and that undeployed canvas edits are dropped. */
export function RollbackDialog({ snapshot }: { snapshot: SnapshotMeta }) {
  const services = useServices();
  const dirty = useDocumentDiff().dirty;
  const [message, setMessage] = useState('');
  const close = () => openDialog(services.ui, undefined);
  return (
    <Dialog title="Roll back" onClose={close} testId="rollback-dialog">
      <p>
        Deploy the {snapshot.flowCount} flow{snapshot.flowCount === 1 ? '' : 's'} of{' '}
        <strong>{snapshotTitle(snapshot)}</strong> ({shortRevision(snapshot.revision)}, {snapshot.author},{' '}
        {new Date(snapshot.time).toLocaleString()}) again. This is a normal deploy: the flows running now stay in the
        history as a snapshot.
      </p>
      {dirty && (
        <p className="field-error" data-testid="rollback-dirty">
          Your undeployed changes on the canvas will be discarded.
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          close();
          void rollback(services, snapshot, message);
        }}
      >
        <label className="stacked">
          Why (optional; kept with the rollback's own snapshot)
          <input
            value={message}
            maxLength={500}
            onChange={(e) => setMessage(e.target.value)}
            placeholder="e.g. the new timeout stopped line 2"
            data-testid="rollback-message"
          />
        </label>
        <div className="button-row end">
          <button type="button" onClick={close} data-testid="rollback-cancel">
            Cancel
          </button>
          <button type="submit" className="danger" data-testid="rollback-confirm">
            Roll back and deploy
          </button>
        </div>
      </form>
    </Dialog>
  );
}
