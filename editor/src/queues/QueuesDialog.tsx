import type { OutboxEntryView, OutboxListResponse } from '@millwright/model';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/api-client.js';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { openDialog, toast } from '../store/ui-state.js';
import { formatAge, queueRows } from './queue-rows.js';

/** Polling period while the screen is open: the queues change as the remote side comes and goes. */
const REFRESH_MS = 2_000;
/** Nodes apply replay/discard commands within about half a second; look again after that. */
const AFTER_COMMAND_MS = 800;

/**
 * The store-and-forward queues of the runtime (mqtt-out, http-request, erp-post...): per queue its
 * flow and node, depth, the age of the oldest waiting message and the dead letters, which an
 * operator can list, replay or discard (admin API `/api/outbox`; replay and discard need the
 * `outbox:replay` permission, the server says no otherwise).
 */
export function QueuesDialog() {
  const { api, ui } = useServices();
  const flows = useEditor((s) => s.flows);
  const [list, setList] = useState<OutboxListResponse>();
  const [error, setError] = useState<string>();
  const [openNode, setOpenNode] = useState<string>();
  const [dead, setDead] = useState<OutboxEntryView[]>([]);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(async () => {
    try {
      const next = await api.outboxes();
      setList(next);
      setNow(Date.now());
      setError(undefined);
      if (openNode !== undefined) {
        const known = next.outboxes.some((o) => o.nodeId === openNode);
        setDead(known ? (await api.deadLetters(openNode)).entries : []);
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [api, openNode]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  // A queue whose dead letters are all gone (replayed, discarded) closes its list.
  useEffect(() => {
    if (openNode !== undefined && list && !list.outboxes.some((o) => o.nodeId === openNode && o.dead > 0))
      setOpenNode(undefined);
  }, [list, openNode]);

  const command = async (what: 'replay' | 'discard', nodeId: string, id?: string) => {
    try {
      const r = what === 'replay' ? await api.replayDead(nodeId, id) : await api.discardDead(nodeId, id);
      const n = r.ids.length;
      toast(ui, 'success', `${what === 'replay' ? 'Replaying' : 'Discarding'} ${n} dead letter${n === 1 ? '' : 's'}.`);
      setTimeout(() => void load(), AFTER_COMMAND_MS);
    } catch (err) {
      const denied = err instanceof ApiError && err.status === 403;
      toast(ui, 'error', denied ? `Your role may not ${what} dead letters.` : `Cannot ${what}: ${String(err)}`);
    }
  };

  const rows = list ? queueRows(list.outboxes, flows, now) : [];
  // The dead letters shown: those of the chosen queue while it has any (a replay empties it).
  const shown = rows.some((r) => r.nodeId === openNode && r.dead > 0) ? openNode : undefined;
  return (
    <Dialog title="Store-and-forward queues" onClose={() => openDialog(ui, undefined)} testId="queues-dialog" wide>
      {error && <p className="field-error">Cannot load the queues: {error}</p>}
      {list && !list.durable && (
        <p className="muted">This runtime keeps no node data on disk: queues live in memory and are not listed.</p>
      )}
      {list?.durable && rows.length === 0 && (
        <p className="muted" data-testid="queues-empty">
          No store-and-forward queues yet: they appear once an mqtt-out, http-request or erp-post node has queued a
          message.
        </p>
      )}
      {rows.length > 0 && (
        <table className="queues-table" data-testid="queues-table">
          <thead>
            <tr>
              <th>Flow</th>
              <th>Node</th>
              <th className="num">Waiting</th>
              <th className="num">Oldest</th>
              <th className="num">Dead letters</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.nodeId} data-testid="queue-row" data-node-id={r.nodeId}>
                <td>{r.flowName ?? <span className="muted">(not deployed)</span>}</td>
                <td title={r.lastError ? `last error: ${r.lastError}` : r.nodeId}>
                  {r.nodeLabel}
                  {r.nodeType && r.nodeLabel !== r.nodeType && <span className="muted"> · {r.nodeType}</span>}
                  {r.lastError && r.pending > 0 && <div className="queue-error">{r.lastError}</div>}
                </td>
                <td className="num" data-testid="queue-depth">
                  {r.pending}
                </td>
                <td className="num">{r.oldestAgeS !== undefined ? formatAge(r.oldestAgeS) : '—'}</td>
                <td className="num" data-testid="queue-dead">
                  {r.dead}
                </td>
                <td>
                  {r.dead > 0 && (
                    <button
                      type="button"
                      onClick={() => {
                        setDead([]);
                        setOpenNode(shown === r.nodeId ? undefined : r.nodeId);
                      }}
                      data-testid="queue-show-dead"
                    >
                      {shown === r.nodeId ? 'Hide' : 'Dead letters'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown !== undefined && (
        <section className="dead-letters" data-testid="dead-letters">
          <header>
            <strong>Dead letters of {rows.find((r) => r.nodeId === shown)?.nodeLabel ?? shown}</strong>
            <button type="button" onClick={() => void command('replay', shown)} data-testid="replay-all">
              Replay all
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => void command('discard', shown)}
              data-testid="discard-all"
            >
              Discard all
            </button>
          </header>
          {dead.length === 0 && <p className="muted">None.</p>}
          <ul>
            {dead.map((d) => (
              <li key={d.id} data-testid="dead-letter" data-entry-id={d.id}>
                <div className="dead-letter-head">
                  <span className="muted">{new Date(d.deadAt ?? d.enqueuedAt).toLocaleString()}</span>
                  <span className="dead-letter-error">{d.error ?? d.lastError}</span>
                  <button type="button" onClick={() => void command('replay', shown, d.id)} data-testid="replay-one">
                    Replay
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void command('discard', shown, d.id)}
                    data-testid="discard-one"
                  >
                    Discard
                  </button>
                </div>
                <pre className="dead-letter-request">{JSON.stringify(d.request, null, 1).slice(0, 600)}</pre>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Dialog>
  );
}
