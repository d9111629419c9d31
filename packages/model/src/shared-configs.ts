import type { ConfigNode, Flow } from './flow.js';
import { issue, type PathSegment, type ValidationIssue } from './issues.js';
import type { NodeTypeInfo } from './node-type-info.js';

/** What finding referenced config nodes needs of a node type: its config-reference keys. */
export interface ConfigRefCatalog {
  get(type: string): Pick<NodeTypeInfo, 'configRefs'> | undefined;
}

/**
 * True for a shared config document (`shared: true`, `<id>.config.json` on disk): config nodes
 * that any flow of the deployment may reference, defined once (decision 0039). It never runs.
 */
export function isSharedConfigDocument(flow: Pick<Flow, 'shared'>): boolean {
  return flow.shared === true;
}

/**
 * What a shared config document must satisfy by itself: config nodes only (no nodes, no wires),
 * and not a subflow definition too. Paths start at `at`.
 */
export function sharedDocumentIssues(flow: Flow, at: readonly PathSegment[] = []): ValidationIssue[] {
  if (!isSharedConfigDocument(flow)) return [];
  const out: ValidationIssue[] = [];
  if (flow.nodes.length)
    out.push(
      issue(
        [...at, 'nodes'],
        'nodes_in_shared_document',
        'a shared config document holds config nodes only: move its nodes to a flow',
      ),
    );
  if (flow.wires.length)
    out.push(issue([...at, 'wires'], 'nodes_in_shared_document', 'a shared config document has no wires'));
  if (flow.subflow)
    out.push(
      issue([...at, 'subflow'], 'shared_subflow', 'a document is a subflow definition or a shared config document'),
    );
  return out;
}

/**
 * A config node of a shared document must have an id no other config node of the deployment has:
 * a flow's reference to that id must mean one thing. Paths are `[index, 'configs', j, 'id']`.
 */
export function sharedConfigIdIssues(placed: ReadonlyArray<{ flow: Flow; index: number }>): ValidationIssue[] {
  const owners = new Map<string, number[]>();
  for (const { flow, index } of placed)
    for (const c of flow.configs ?? []) owners.set(c.id, [...(owners.get(c.id) ?? []), index]);
  const out: ValidationIssue[] = [];
  for (const { flow, index } of placed) {
    if (!isSharedConfigDocument(flow)) continue;
    (flow.configs ?? []).forEach((c, j) => {
      const other = owners.get(c.id)?.find((i) => i !== index);
      if (other !== undefined)
        out.push(
          issue(
            [index, 'configs', j, 'id'],
            'duplicate_id',
            `shared config node id "${c.id}" is also defined in flow [${other}]`,
          ),
        );
    });
  }
  return out;
}

/** Every config node of a deployment by id (a flow's own, shared documents' and other flows'). */
export function configsById(flows: readonly Flow[]): Map<string, ConfigNode> {
  const out = new Map<string, ConfigNode>();
  for (const f of flows) for (const c of f.configs ?? []) out.set(c.id, c);
  return out;
}

/**
 * The config nodes defined outside `flow` that it references: from its nodes' and own config
 * nodes' config-reference keys, and transitively from those (a broker's TLS profile). Each once,
 * in the order met. The engine runs these as the flow's own instances, with their ids, so
 * credentials and status resolve as for the flow's own config nodes.
 */
export function referencedConfigs(args: {
  flow: Flow;
  configs: ReadonlyMap<string, ConfigNode>;
  catalog: ConfigRefCatalog;
}): ConfigNode[] {
  const own = new Set((args.flow.configs ?? []).map((c) => c.id));
  const found = new Map<string, ConfigNode>();
  const visit = (type: string, config: Record<string, unknown>): void => {
    for (const ref of args.catalog.get(type)?.configRefs ?? []) {
      const id = config[ref.key];
      if (typeof id !== 'string' || own.has(id) || found.has(id)) continue;
      const c = args.configs.get(id);
      if (!c) continue;
      found.set(id, c);
      visit(c.type, c.config);
    }
  };
  for (const n of args.flow.nodes) visit(n.type, n.config);
  for (const c of args.flow.configs ?? []) visit(c.type, c.config);
  return [...found.values()];
}

/**
 * `flow` with the config nodes it references from other documents added to its own (a flow run
 * alone, as `millwright test` does, or exported alone carries what it needs). Unchanged when it
 * references none.
 */
export function withReferencedConfigs(flow: Flow, documents: readonly Flow[], catalog: ConfigRefCatalog): Flow {
  const extra = referencedConfigs({ flow, configs: configsById(documents), catalog });
  return extra.length ? { ...flow, configs: [...(flow.configs ?? []), ...extra] } : flow;
}
