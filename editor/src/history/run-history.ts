import { diffFlows, type SnapshotMeta } from '@millwright/model';
import { ApiError } from '../api/api-client.js';
import type { Services } from '../app/services.js';
import { loadFromServer } from '../deploy/run-deploy.js';
import { EMPTY_SELECTION } from '../store/editor-state.js';
import { openDialog, toast } from '../store/ui-state.js';
import { initialDiffFlow, type DiffSide } from './diff-view.js';
import { shortRevision, snapshotTitle } from './snapshot-text.js';

/** The id that stands for the editor's current (possibly undeployed) flows in a diff. */
export const CANVAS = 'canvas';

/**
 * Shows the diff `before` → `after` (snapshot ids or `canvas`): fetches the snapshots, diffs them
 * with the model's `diffFlows` (the same diff `millwright diff` prints) and puts the canvas in
 * diff mode. The editor's selection is cleared so that no shortcut acts on nodes out of sight.
 */
export async function openDiff(s: Services, before: string, after: string): Promise<void> {
  try {
    const [b, a] = await Promise.all([side(s, before), side(s, after)]);
    const diff = diffFlows(b.flows, a.flows);
    const flowId = initialDiffFlow(diff, s.editor.get().activeFlowId);
    s.editor.set((st) => ({ ...st, selection: EMPTY_SELECTION }));
    s.ui.set((u) => ({ ...u, diffView: { before: b, after: a, diff, flowId } }));
  } catch (err) {
    toast(s.ui, 'error', `Cannot compare: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function closeDiff(s: Services): void {
  s.ui.set((u) => ({ ...u, diffView: undefined }));
}

async function side(s: Services, id: string): Promise<DiffSide> {
  if (id === CANVAS) return { id, label: 'Canvas (undeployed)', flows: s.editor.get().flows };
  const snap = await s.api.snapshot(id);
  return { id, label: `${snapshotTitle(snap)} (${shortRevision(snap.revision)})`, flows: snap.flows };
}

/** Names a snapshot of the deployed flows; resolves to it, or undefined after telling the user why not. */
export async function nameSnapshot(s: Services, name: string, message: string): Promise<SnapshotMeta | undefined> {
  try {
    const meta = await s.api.createSnapshot({
      name: name.trim(),
      ...(message.trim() ? { message: message.trim() } : {}),
    });
    toast(s.ui, 'success', `Snapshot "${meta.name ?? name}" saved.`);
    return meta;
  } catch (err) {
    toast(s.ui, 'error', `Snapshot not saved: ${reason(err)}`);
    return undefined;
  }
}

/**
 * Deploys `snapshot` again (a normal deploy, recorded as a new snapshot) and reloads the canvas
 * with the deployed flows. Sends the revision the editor loaded, so a deploy made elsewhere in
 * the meantime is refused (409) rather than silently replaced.
 */
export async function rollback(s: Services, snapshot: SnapshotMeta, message: string): Promise<boolean> {
  if (s.ui.get().deploying) return false;
  const revision = s.editor.get().deployed.revision;
  // `deploying` keeps our own deploy event from showing as a change made elsewhere.
  s.ui.set((u) => ({ ...u, deploying: true }));
  try {
    const res = await s.api.rollback(snapshot.id, {
      ...(message.trim() ? { message: message.trim() } : {}),
      ...(revision ? { revision } : {}),
    });
    closeDiff(s);
    await loadFromServer(s);
    toast(s.ui, 'success', `Rolled back to ${snapshotTitle(snapshot)}: now ${shortRevision(res.revision)}.`);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.body.code === 'revision_conflict')
      toast(s.ui, 'error', 'Not rolled back: someone deployed since you loaded. Reload the server flows first.');
    else if (err instanceof ApiError && err.status === 401)
      openDialog(s.ui, { kind: 'token', reason: err.body.message });
    else toast(s.ui, 'error', `Rollback failed: ${reason(err)}`);
    return false;
  } finally {
    s.ui.set((u) => ({ ...u, deploying: false }));
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
