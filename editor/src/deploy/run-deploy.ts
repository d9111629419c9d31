import type { DeployMode, EventStreamFrame } from '@millwright/model';
import { ApiError } from '../api/api-client.js';
import type { Services } from '../app/services.js';
import { loaded } from '../store/editor-state.js';
import { documentDiff } from './useDocumentDiff.js';
import { applyFrame } from '../store/runtime-store.js';
import { openDialog, toast } from '../store/ui-state.js';

const MODE_TEXT: Record<DeployMode, string> = { full: 'full', flows: 'modified flows', nodes: 'modified nodes' };

/** Loads the catalog and the server's flows into the editor (start-up and "reload server flows"). */
export async function loadFromServer(s: Services): Promise<void> {
  try {
    const [entries, flows] = await Promise.all([s.api.nodes(), s.api.flows()]);
    const catalog = new Map(entries.map((e) => [e.type, e]));
    s.editor.set((st) => loaded(st, { catalog, flows: flows.flows, revision: flows.revision }));
  } catch (err) {
    if (handleAuth(s, err)) return;
    s.editor.set((st) => ({ ...st, status: 'error', loadError: err instanceof Error ? err.message : String(err) }));
  }
}

/**
 * Deploys every flow with `mode`. Refuses (and marks the nodes) when the pre-deploy check finds
 * problems; maps a 400 `invalid_flow` back onto nodes; on a 409 asks the user what to do instead of
 * overwriting. `overwrite` (chosen in that dialog) deploys over the server's newer revision;
 * `message` is kept with the snapshot the deploy records (the history panel shows it).
 */
export async function runDeploy(
  s: Services,
  mode: DeployMode,
  options: { overwrite?: boolean; message?: string } = {},
): Promise<boolean> {
  if (s.ui.get().deploying) return false;
  // Validation pulls in the model's zod schemas; they load on first deploy, not with the canvas.
  const { checkBeforeDeploy, issueCount, issuesByElement } = await import('./deploy-check.js');
  const state = s.editor.get();
  const problems = checkBeforeDeploy(state.flows, state.catalog);
  if (problems.size) {
    s.editor.set((st) => ({ ...st, deployIssues: problems }));
    const n = issueCount(problems);
    toast(s.ui, 'error', `Not deployed: ${n} problem${n === 1 ? '' : 's'} to fix (marked in red).`);
    return false;
  }
  const flows = state.flows;
  // Flows this deploy (re)starts: new or changed ones that are enabled (a full deploy restarts only those too).
  const diff = documentDiff(state);
  const flowIds = flows.filter((f) => !f.disabled && diff.modifiedFlows.has(f.id)).map((f) => f.id);
  const before = s.runtime.get().flowStates;
  s.ui.set((u) => ({ ...u, deploying: true, deployProgress: { flowIds, before } }));
  try {
    const revision = options.overwrite ? (await s.api.flows()).revision : state.deployed.revision;
    const message = options.message?.trim();
    const res = await s.api.deploy({ flows, mode, ...(revision ? { revision } : {}), ...(message ? { message } : {}) });
    s.editor.set((st) => ({
      ...st,
      deployed: { revision: res.revision, flows },
      deployIssues: new Map(),
      remoteRevision: options.overwrite || st.remoteRevision === res.revision ? undefined : st.remoteRevision,
    }));
    const c = res.changes;
    const touched = c.started.length + c.restarted.length + c.updated.length + c.stopped.length;
    toast(s.ui, 'success', `Deployed (${MODE_TEXT[mode]}): ${touched} flow${touched === 1 ? '' : 's'} affected.`);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.body.code === 'revision_conflict') {
      openDialog(s.ui, { kind: 'conflict', mode, ...(options.message ? { message: options.message } : {}) });
    } else if (err instanceof ApiError && err.body.issues?.length) {
      const issues = issuesByElement(flows, err.body.issues);
      s.editor.set((st) => ({ ...st, deployIssues: issues }));
      toast(s.ui, 'error', `The runtime refused the deploy: ${err.body.message}`);
    } else if (!handleAuth(s, err)) {
      toast(s.ui, 'error', `Deploy failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    return false;
  } finally {
    s.ui.set((u) => ({ ...u, deploying: false, deployProgress: undefined }));
  }
}

/** Restarts every deployed flow without changing it (the deploy menu's "Restart flows"). */
export async function restartFlows(s: Services): Promise<void> {
  try {
    const { restarted } = await s.api.restartFlows();
    toast(s.ui, 'success', `Restarted ${restarted.length} flow${restarted.length === 1 ? '' : 's'}.`);
  } catch (err) {
    if (!handleAuth(s, err))
      toast(s.ui, 'error', `Restart failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Triggers an inject node (POST /api/inject/:id). */
export async function injectNode(s: Services, nodeId: string): Promise<void> {
  try {
    await s.api.inject(nodeId);
  } catch (err) {
    if (!handleAuth(s, err)) toast(s.ui, 'error', `Inject failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Folds a websocket frame into the runtime store and notices deploys made by other sessions. */
export function onFrame(s: Services, frame: EventStreamFrame): void {
  s.runtime.set((r) => applyFrame(r, frame));
  for (const e of frame) {
    if (e.type !== 'deploy') continue;
    // Our own deploy's event may arrive before its HTTP answer; `deploying` covers that window.
    const st = s.editor.get();
    if (st.status === 'ready' && e.revision !== st.deployed.revision && !s.ui.get().deploying)
      s.editor.set((x) => ({ ...x, remoteRevision: e.revision }));
  }
}

function handleAuth(s: Services, err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 401) return false;
  openDialog(s.ui, { kind: 'token', reason: err.body.message });
  return true;
}
