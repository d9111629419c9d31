import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { openDialog } from '../store/ui-state.js';
import { fleetFlowRows, fleetRuntimeRows } from './cluster-view.js';
import { useClusterView } from './useClusterView.js';

/** The Fleet dialog refreshes faster than the header polls: heartbeats come every second. */
const REFRESH_MS = 2_000;

/** A revision as the dialog shows it: the first characters, the whole in the tooltip. */
const shortRevision = (r: string) => (r.length > 10 ? `${r.slice(0, 8)}…` : r);

function LabelChips({ labels, empty }: { labels: Array<[string, string]>; empty: string }) {
  if (!labels.length) return <span className="muted">{empty}</span>;
  return (
    <span className="label-chips">
      {labels.map(([k, v]) => (
        <span key={k} className="label-chip" data-testid="label-chip">
          {k}={v}
        </span>
      ))}
    </span>
  );
}

/**
 * The runtimes of the cluster this runtime belongs to (`GET /api/cluster`): per runtime its labels,
 * version, uptime, health, the flows it runs and from which revision, and whether its heartbeat is
 * recent; then each deployed flow's placement and, for `once` flows, the runtime holding its lease.
 */
export function FleetDialog() {
  const { ui } = useServices();
  const flows = useEditor((s) => s.flows);
  const { view, error, at } = useClusterView(REFRESH_MS);
  const runtimes = view ? fleetRuntimeRows(view, flows, at) : [];
  const placements = view ? fleetFlowRows(view, flows) : [];
  return (
    <Dialog
      title={view ? `Fleet: cluster ${view.cluster}` : 'Fleet'}
      onClose={() => openDialog(ui, undefined)}
      testId="fleet-dialog"
      wide
    >
      {error && !view && <p className="field-error">Cannot load the cluster: {error}</p>}
      {view && !view.connected && (
        <p className="fleet-warning" role="alert" data-testid="fleet-disconnected">
          NATS unreachable: running the last known flows
        </p>
      )}
      {view && (
        <p className="muted small" data-testid="fleet-revision">
          Cluster revision:{' '}
          {view.revision !== undefined ? <code title={view.revision}>{shortRevision(view.revision)}</code> : 'none yet'}
          {' · '}
          {runtimes.length} runtime{runtimes.length === 1 ? '' : 's'}
        </p>
      )}
      {runtimes.length > 0 && (
        <table className="queues-table fleet-table" data-testid="fleet-runtimes">
          <thead>
            <tr>
              <th>Runtime</th>
              <th>Labels</th>
              <th>Version</th>
              <th className="num">Uptime</th>
              <th>Health</th>
              <th>Flows</th>
              <th>Revision</th>
            </tr>
          </thead>
          <tbody>
            {runtimes.map((r) => (
              <tr
                key={r.id}
                data-testid="fleet-runtime"
                data-runtime-id={r.id}
                className={r.stale ? 'stale' : undefined}
              >
                <td>
                  <strong>{r.id}</strong>
                  {r.self && (
                    <span className="fleet-tag" data-testid="fleet-self">
                      this runtime
                    </span>
                  )}
                  {r.stale && (
                    <span
                      className="fleet-tag warn"
                      title={`No heartbeat for ${r.lastSeenS} s: the runtime may be down or cut off from NATS`}
                      data-testid="fleet-stale"
                    >
                      stale {r.lastSeenS} s
                    </span>
                  )}
                </td>
                <td>
                  <LabelChips labels={r.labels} empty="none" />
                </td>
                <td>{r.version}</td>
                <td className="num">{r.uptime}</td>
                <td>
                  {r.health ? (
                    <span className={`fleet-health ${r.health}`} data-testid="fleet-health">
                      {r.health}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td title={r.flows.join('\n')} data-testid="fleet-flows">
                  {r.flows.length}
                  {r.flows.length > 0 && <span className="muted"> · {r.flows.join(', ')}</span>}
                </td>
                <td>
                  {r.revision !== undefined ? (
                    <code title={r.revision}>{shortRevision(r.revision)}</code>
                  ) : (
                    <span className="muted">—</span>
                  )}
                  {r.revisionDiffers && (
                    <span
                      className="fleet-tag warn"
                      title="Not the cluster's revision: the last deploy has not reached this runtime yet"
                      data-testid="fleet-revision-differs"
                    >
                      ≠ cluster
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view && (
        <>
          <h3 className="fleet-heading">Flow placement</h3>
          {placements.length === 0 ? (
            <p className="muted" data-testid="fleet-no-flows">
              No flows deployed to the cluster yet.
            </p>
          ) : (
            <table className="queues-table fleet-table" data-testid="fleet-placement">
              <thead>
                <tr>
                  <th>Flow</th>
                  <th>Placement</th>
                  <th>Labels</th>
                  <th>Runs on</th>
                </tr>
              </thead>
              <tbody>
                {placements.map((p) => (
                  <tr key={p.flowId} data-testid="fleet-flow" data-flow-id={p.flowId}>
                    <td title={p.flowId}>{p.name}</td>
                    <td data-testid="fleet-mode">
                      {p.mode === 'once' ? 'once (one runtime)' : 'all (every matching runtime)'}
                    </td>
                    <td>
                      <LabelChips labels={p.labels} empty="any runtime" />
                    </td>
                    <td data-testid="fleet-holder">
                      {p.mode === 'once' ? (
                        (p.holder ?? <span className="fleet-tag warn">no holder</span>)
                      ) : p.runningOn.length ? (
                        p.runningOn.join(', ')
                      ) : (
                        <span className="muted">no matching runtime</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Dialog>
  );
}
