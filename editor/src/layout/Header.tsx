import { useEditor } from '../app/useEditor.js';
import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { useClusterView } from '../cluster/useClusterView.js';
import { DeployButton } from '../deploy/DeployButton.js';
import { useDeadLetterCount } from '../queues/useDeadLetterCount.js';
import { redoEdit, undoEdit } from '../store/editor-state.js';
import { openDialog } from '../store/ui-state.js';
import { SignedInAs } from './SignedInAs.js';

/** The dark top bar: brand, edit history, import/export, connection state and deploy. */
export function Header() {
  const { editor, ui } = useServices();
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const connection = useRuntime((s) => s.connection);
  const deadLetters = useDeadLetterCount();
  // Shown only while GET /api/cluster answers: a runtime started with --cluster.
  const cluster = useClusterView().view;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          ⚙
        </span>
        Millwright
      </div>
      <div className="header-tools">
        <button
          type="button"
          title="Undo (Ctrl+Z)"
          disabled={!canUndo}
          onClick={() => editor.set(undoEdit)}
          data-testid="undo"
        >
          ↶
        </button>
        <button
          type="button"
          title="Redo (Ctrl+Shift+Z)"
          disabled={!canRedo}
          onClick={() => editor.set(redoEdit)}
          data-testid="redo"
        >
          ↷
        </button>
        <span className="sep" />
        <button type="button" onClick={() => openDialog(ui, { kind: 'import' })} data-testid="open-import">
          Import
        </button>
        <button type="button" onClick={() => openDialog(ui, { kind: 'export' })} data-testid="open-export">
          Export
        </button>
        <button
          type="button"
          title="Store-and-forward queues: depth, dead letters, replay and discard"
          onClick={() => openDialog(ui, { kind: 'queues' })}
          data-testid="open-queues"
        >
          Queues
          {deadLetters > 0 && (
            <span className="dead-count" title={`${deadLetters} dead letters`} data-testid="queues-dead-count">
              {deadLetters}
            </span>
          )}
        </button>
        {cluster && (
          <button
            type="button"
            title={
              cluster.connected
                ? `Fleet of cluster ${cluster.cluster}: runtimes, labels, health and flow placement`
                : 'NATS unreachable: this runtime runs the last known flows'
            }
            onClick={() => openDialog(ui, { kind: 'fleet' })}
            data-testid="open-fleet"
          >
            Cluster
            {!cluster.connected && (
              <span className="dead-count" data-testid="fleet-offline-mark">
                !
              </span>
            )}
          </button>
        )}
        <button type="button" title="Keyboard shortcuts (?)" onClick={() => openDialog(ui, { kind: 'shortcuts' })}>
          ?
        </button>
      </div>
      <div className="header-right">
        {/* Same tab: the sign-in token lives in this tab's session storage. */}
        <a className="header-link" href="./dashboard/" data-testid="open-dashboards">
          Dashboards
        </a>
        <span className={`connection ${connection}`} data-testid="connection" title={`Live events: ${connection}`}>
          <span className="connection-dot" />
          {connection === 'open' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Offline'}
        </span>
        <SignedInAs />
        <DeployButton />
      </div>
    </header>
  );
}
