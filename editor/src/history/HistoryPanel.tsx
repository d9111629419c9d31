import type { SnapshotMeta } from '@millwright/model';
import { useEffect, useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useRole } from '../app/useRole.js';
import { useServices } from '../app/useServices.js';
import { useUi } from '../app/useUi.js';
import { useDocumentDiff } from '../deploy/useDocumentDiff.js';
import { roleAtLeast } from '../layout/panel-rules.js';
import { openDialog } from '../store/ui-state.js';
import { DiffList } from './DiffList.js';
import { CANVAS, nameSnapshot, openDiff } from './run-history.js';
import { orderPair, shortRevision, snapshotTitle } from './snapshot-text.js';

/**
 * The "History" tab: every deploy's snapshot and the named ones, newest first (author, time,
 * mode, message). Pick two (or one and the canvas) to see their diff on the canvas and as a
 * list; roll back to one; name the deployed flows. While a diff is shown, the tab lists it.
 */
export function HistoryPanel() {
  const diffView = useUi((s) => s.diffView);
  return diffView ? <DiffList view={diffView} /> : <SnapshotList />;
}

function SnapshotList() {
  const services = useServices();
  const { api } = services;
  // Naming and rolling back need `flows:deploy` (editor), promoting is admin; viewers and operators only read.
  const role = useRole();
  const canDeploy = roleAtLeast(role, 'editor');
  const canPromote = roleAtLeast(role, 'admin');
  const revision = useEditor((s) => s.deployed.revision);
  const remote = useEditor((s) => s.remoteRevision);
  const dirty = useDocumentDiff().dirty;
  const [snapshots, setSnapshots] = useState<SnapshotMeta[]>();
  const [error, setError] = useState<string>();
  const [picked, setPicked] = useState<string[]>([]);
  const [naming, setNaming] = useState(false);
  const [reload, setReload] = useState(0);

  // Reloaded after every deploy, ours (revision) or another session's (remoteRevision).
  useEffect(() => {
    let live = true;
    api.snapshots().then(
      (r) => {
        if (!live) return;
        setSnapshots(r.snapshots);
        setError(undefined);
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [api, revision, remote, reload]);

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  const compare = () => {
    const [a, b] = picked;
    if (!a || !b || !snapshots) return;
    const [before, after] = orderPair(
      snapshots.map((s) => s.id),
      a,
      b,
    );
    void openDiff(services, before, after);
  };

  return (
    <div className="history" data-testid="history-panel">
      <div className="history-toolbar">
        <button
          type="button"
          className="primary"
          disabled={picked.length !== 2}
          onClick={compare}
          data-testid="history-compare"
          title="Pick two entries (or one and the canvas) to compare"
        >
          Compare{picked.length ? ` (${picked.length}/2)` : ''}
        </button>
        {canDeploy && (
          <button type="button" onClick={() => setNaming(!naming)} data-testid="history-name-open">
            Name a snapshot…
          </button>
        )}
      </div>
      {naming && (
        <NameForm
          onDone={(saved) => {
            setNaming(false);
            if (saved) setReload((n) => n + 1);
          }}
        />
      )}
      {error && <p className="field-error history-error">Cannot load the history: {error}</p>}
      <ul className="history-list">
        <li className={`history-row canvas ${picked.includes(CANVAS) ? 'picked' : ''}`} data-testid="history-canvas">
          <label className="history-pick">
            <input
              type="checkbox"
              checked={picked.includes(CANVAS)}
              onChange={() => toggle(CANVAS)}
              data-testid="snapshot-pick"
            />
            <span className="history-title">Canvas</span>
          </label>
          <div className="history-meta muted">{dirty ? 'with undeployed changes' : 'same as deployed'}</div>
        </li>
        {snapshots?.map((s) => (
          <li
            key={s.id}
            className={`history-row ${picked.includes(s.id) ? 'picked' : ''} ${s.revision === revision ? 'current' : ''}`}
            data-testid="snapshot-row"
            data-id={s.id}
          >
            <label className="history-pick">
              <input
                type="checkbox"
                checked={picked.includes(s.id)}
                onChange={() => toggle(s.id)}
                data-testid="snapshot-pick"
              />
              <span className="history-title" title={s.message}>
                {s.name && <span className="history-name">★ </span>}
                {snapshotTitle(s)}
              </span>
            </label>
            {s.name && s.message && <div className="history-message">{s.message}</div>}
            <div className="history-meta muted">
              <span data-testid="snapshot-author">{s.author}</span> · {new Date(s.time).toLocaleString()} · {s.mode} ·{' '}
              {shortRevision(s.revision)} · {s.flowCount} flow{s.flowCount === 1 ? '' : 's'}
              {s.revision === revision && <span className="history-badge">deployed</span>}
            </div>
            <div className="history-actions">
              <button
                type="button"
                className="link"
                onClick={() => void openDiff(services, s.id, CANVAS)}
                data-testid="snapshot-diff-canvas"
              >
                Compare with canvas
              </button>
              {canDeploy && (
                <button
                  type="button"
                  className="link"
                  onClick={() => openDialog(services.ui, { kind: 'rollback', snapshot: s })}
                  data-testid="snapshot-rollback"
                >
                  Roll back…
                </button>
              )}
              {canPromote && (
                <button
                  type="button"
                  className="link"
                  onClick={() => openDialog(services.ui, { kind: 'promote', snapshot: s })}
                  data-testid="snapshot-promote"
                >
                  Promote…
                </button>
              )}
            </div>
          </li>
        ))}
        {snapshots?.length === 0 && <li className="history-empty muted">No deploys yet.</li>}
      </ul>
    </div>
  );
}

/** Names a snapshot of what is deployed now (kept until deleted, unlike deploy snapshots). */
function NameForm({ onDone }: { onDone: (saved: boolean) => void }) {
  const services = useServices();
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="history-name-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void nameSnapshot(services, name, message).then((meta) => {
          setBusy(false);
          if (meta) onDone(true);
        });
      }}
    >
      <input
        autoFocus
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        placeholder="Name, e.g. before retrofit"
        data-testid="snapshot-name"
      />
      <input
        value={message}
        maxLength={500}
        onChange={(e) => setMessage(e.target.value)}
        placeholder="Message (optional)"
        data-testid="snapshot-message"
      />
      <div className="button-row end">
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="snapshot-name-save">
          Save snapshot
        </button>
      </div>
    </form>
  );
}
