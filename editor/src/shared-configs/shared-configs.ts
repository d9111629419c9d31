import { isSharedConfigDocument, sameContent, type ConfigNode, type Flow } from '@millwright/model';
import { configUsers } from '../properties/config-users.js';
import { configRefs, type Catalog } from '../store/catalog.js';
import type { Change } from '../store/changes.js';
import { newId } from '../store/ids.js';

/** Id of the shared config document "move to shared" creates when the deployment has none. */
export const NEW_SHARED_DOCUMENT_ID = 'shared';

/** The flows shown as tabs: every document but the shared config documents (decision 0039). */
export function tabFlows(flows: readonly Flow[]): Flow[] {
  return flows.filter((f) => !isSharedConfigDocument(f));
}

/** The config nodes of the shared config documents, each with its document. */
export function sharedConfigs(flows: readonly Flow[]): Array<{ document: Flow; config: ConfigNode }> {
  return flows
    .filter(isSharedConfigDocument)
    .flatMap((document) => (document.configs ?? []).map((config) => ({ document, config })));
}

/**
 * The changes that make config node `configId` of flow `flowId` a shared one: it moves, with its id,
 * into the shared config document (created if there is none), and every config node of another flow
 * identical to it (same type and config; names may differ) goes away, its users' references
 * rewritten to the moved id. One undo step when applied together. Empty when there is nothing to move.
 */
export function moveToShared(args: {
  flows: readonly Flow[];
  flowId: string;
  configId: string;
  catalog: Catalog;
}): Change[] {
  const { flows, flowId, configId, catalog } = args;
  const moved = flows.find((f) => f.id === flowId)?.configs?.find((c) => c.id === configId);
  if (!moved) return [];
  const existing = flows.find(isSharedConfigDocument);
  const changes: Change[] = [];
  // A flow that happens to have the id "shared" keeps it: the new document takes a fresh one.
  const documentId =
    existing?.id ?? (flows.some((f) => f.id === NEW_SHARED_DOCUMENT_ID) ? newId() : NEW_SHARED_DOCUMENT_ID);
  if (!existing)
    changes.push({
      type: 'add-flow',
      flow: { version: 1, id: documentId, name: 'Shared config', shared: true, nodes: [], wires: [] },
    });
  changes.push({ type: 'upsert-config', flowId: documentId, config: moved });
  const merged = new Set<string>();
  for (const f of tabFlows(flows))
    for (const c of f.configs ?? [])
      if (c.id === configId || (c.type === moved.type && sameContent(c.config, moved.config))) {
        changes.push({ type: 'remove-config', flowId: f.id, configId: c.id });
        if (c.id !== configId) merged.add(c.id);
      }
  if (merged.size) changes.push(...rewriteReferences({ flows, from: merged, to: configId, catalog }));
  return changes;
}

/** Changes pointing every config reference to one of `from` at `to` instead (nodes and config nodes). */
function rewriteReferences(args: {
  flows: readonly Flow[];
  from: ReadonlySet<string>;
  to: string;
  catalog: Catalog;
}): Change[] {
  const rewrite = (type: string, config: Record<string, unknown>): Record<string, unknown> | undefined => {
    const entry = args.catalog.get(type);
    const keys = entry ? configRefs(entry).filter((r) => args.from.has(String(config[r.key]))) : [];
    return keys.length ? { ...config, ...Object.fromEntries(keys.map((r) => [r.key, args.to])) } : undefined;
  };
  const out: Change[] = [];
  for (const f of args.flows) {
    for (const n of f.nodes) {
      const config = rewrite(n.type, n.config);
      if (config) out.push({ type: 'update-node', flowId: f.id, nodeId: n.id, patch: { config } });
    }
    for (const c of f.configs ?? []) {
      if (args.from.has(c.id)) continue; // removed by the move
      const config = rewrite(c.type, c.config);
      if (config) out.push({ type: 'upsert-config', flowId: f.id, config: { ...c, config } });
    }
  }
  return out;
}

/**
 * Flows to deploy again because a shared config node they use changed (added, edited or removed
 * since the deployed version; also through another shared one, a broker's TLS profile): the
 * runtime restarts exactly these, so the editor marks them.
 */
export function flowsUsingChangedShared(
  flows: readonly Flow[],
  deployed: readonly Flow[],
  catalog: Catalog,
): Set<string> {
  const before = new Map(sharedConfigs(deployed).map(({ config }) => [config.id, config]));
  const after = new Map(sharedConfigs(flows).map(({ config }) => [config.id, config]));
  const changed = [...after].filter(([id, c]) => !sameContent(c, before.get(id))).map(([id]) => id);
  for (const id of before.keys()) if (!after.has(id)) changed.push(id);
  const out = new Set<string>();
  if (!changed.length) return out;
  const users = configUsers(flows, catalog);
  const seen = new Set<string>();
  while (changed.length) {
    const id = changed.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const u of users.get(id) ?? [])
      if (after.has(u.nodeId)) changed.push(u.nodeId);
      else out.add(u.flowId);
  }
  return out;
}
