import {
  sameContent,
  type ConfigNode,
  type DeployMode,
  type Flow,
  type FlowNode,
  type NodeCatalog,
} from '@millwright/model';

/** What one flow engine runs: a flow plus the config nodes of other flows that it references. */
export interface DeployedFlow {
  flow: Flow;
  /** Config nodes defined in other flows of the deployment. The flow's own configs win on an id clash. */
  sharedConfigs: readonly ConfigNode[];
}

/** Input of {@link planNodeUpdate}. */
export interface NodeUpdatePlanInput {
  /** What the engine runs now; `null` before its first start (everything is added). */
  before: DeployedFlow | null;
  /** What the deploy asks for. */
  after: DeployedFlow;
  /**
   * Installed node types. A config node whose type is not installed never runs: it is never kept
   * or added (its users surface the problem). `configRefs` tells which node config keys hold a
   * config node id.
   */
  catalog: NodeCatalog;
}

/** Which config nodes a deploy keeps, restarts, adds and removes (ids, in definition order). */
export interface ConfigNodePlan {
  keep: string[];
  /** Changed type, version, name or config: closed, then set up from the new definition (if its type is installed). */
  restart: string[];
  add: string[];
  /** No longer defined in the flow nor shared with it: closed for good. */
  remove: string[];
}

/**
 * What a "modified nodes" deploy does to one flow's nodes (ids). Every running node of `before`
 * is in exactly one of `keep`, `restart` and `remove`; every node of `after` that does not run
 * yet is in `add`.
 */
export interface NodeUpdatePlan {
  /** Keep running with their state, timers and connections. */
  keep: string[];
  /**
   * Closed and set up again: type, version, name, config or `disabled` changed, or a config node
   * they reference (by a `configRefs` key) was restarted or removed. Position, group and wires
   * never restart a node.
   */
  restart: string[];
  /** New nodes, newly enabled nodes, or every node of a flow that was disabled. */
  add: string[];
  /** Deleted or disabled nodes, or every node of a flow being disabled: closed for good. */
  remove: string[];
  /**
   * Kept nodes with a wire added or removed at either end. Informational: the engine rebuilds
   * every route on each update, which is cheap and does not touch the nodes.
   */
  rewired: string[];
  configs: ConfigNodePlan;
}

/**
 * Works out what a "modified nodes" deploy of one flow changes, without touching anything:
 * `FlowEngine.update` applies the plan. Pure; the same inputs give the same plan.
 *
 * @remarks Credentials are not compared: the engine reads them when a node starts, and the
 * runtime restarts the whole flow when they change (see {@link planFlowDeploy}). A config node
 * that is only added does not restart the nodes that already reference its id, and a config node
 * is not restarted when a config node it references changes.
 *
 * @example
 * const plan = planNodeUpdate({
 *   before: { flow: v1, sharedConfigs: [] },
 *   after: { flow: v2, sharedConfigs: [] },
 *   catalog: registry, // a NodeRegistry
 * });
 * plan.restart; // ['b']: b's config changed
 */
export function planNodeUpdate({ before, after, catalog }: NodeUpdatePlanInput): NodeUpdatePlan {
  const installed = (c: ConfigNode | undefined) => c !== undefined && catalog.get(c.type) !== undefined;
  const oldConfigs = new Map([...(before ? wantedConfigs(before) : [])].filter(([, c]) => installed(c)));
  const newConfigs = wantedConfigs(after);
  const configs = diffById(oldConfigs, newConfigs, sameNode);
  // A config node of a type that is not installed cannot start (its users report it), though it
  // still replaces a running config node with the same id.
  configs.add = configs.add.filter((id) => installed(newConfigs.get(id)));
  const changedConfigs = new Set([...configs.restart, ...configs.remove]);
  const refersToChanged = (n: FlowNode) =>
    changedConfigs.size > 0 &&
    !!catalog.get(n.type)?.configRefs.some((r) => changedConfigs.has(String(n.config[r.key])));
  const nodes = diffById(
    before ? wantedNodes(before) : new Map(),
    wantedNodes(after),
    (a, b) => sameNode(a, b) && !refersToChanged(b),
  );
  const oldWires = before ? wiresByNode(before.flow) : new Map<string, string[]>();
  const newWires = wiresByNode(after.flow);
  const rewired = nodes.keep.filter((id) => !sameContent(oldWires.get(id) ?? [], newWires.get(id) ?? []));
  return { keep: nodes.keep, restart: nodes.restart, add: nodes.add, remove: nodes.remove, rewired, configs };
}

/**
 * The config nodes a flow asks for, by id: shared ones first, then the flow's own (which replace
 * a shared one with the same id). Wanted whether or not the flow is disabled; the engine starts
 * those of an installed type.
 * @internal
 */
export function wantedConfigs(spec: DeployedFlow): Map<string, ConfigNode> {
  const out = new Map<string, ConfigNode>();
  for (const c of [...spec.sharedConfigs, ...(spec.flow.configs ?? [])]) out.set(c.id, c);
  return out;
}

/**
 * The nodes a flow asks for, by id: none when the flow is disabled, else every node not
 * disabled. A node of an unknown type is included (it runs as a failed node).
 * @internal
 */
export function wantedNodes(spec: DeployedFlow): Map<string, FlowNode> {
  const out = new Map<string, FlowNode>();
  if (spec.flow.disabled === true) return out;
  for (const n of spec.flow.nodes) if (!n.disabled) out.set(n.id, n);
  return out;
}

function diffById<T>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  same: (a: T, b: T) => boolean,
): ConfigNodePlan {
  const plan: ConfigNodePlan = { keep: [], restart: [], add: [], remove: [] };
  for (const [id, old] of before) {
    const next = after.get(id);
    if (next === undefined) plan.remove.push(id);
    else if (same(old, next)) plan.keep.push(id);
    else plan.restart.push(id);
  }
  for (const id of after.keys()) if (!before.has(id)) plan.add.push(id);
  return plan;
}

function sameNode(a: FlowNode | ConfigNode, b: FlowNode | ConfigNode): boolean {
  // Moving a node on the canvas is not a change that should restart it.
  const strip = (n: FlowNode | ConfigNode) => ({
    type: n.type,
    typeVersion: n.typeVersion,
    name: n.name ?? '',
    config: n.config,
    disabled: 'disabled' in n ? n.disabled === true : false,
    // A subflow instance's parameters, which its nodes read at setup.
    env: 'env' in n ? n.env : undefined,
  });
  return sameContent(strip(a), strip(b));
}

/** Each node's wires (either end) as sorted keys. */
function wiresByNode(flow: Flow): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, key: string) => {
    const list = out.get(id);
    if (list) list.push(key);
    else out.set(id, [key]);
  };
  for (const w of flow.wires) {
    const key = `${w.from.node}:${w.from.port}>${w.to.node}:${w.to.port}`;
    add(w.from.node, key);
    if (w.to.node !== w.from.node) add(w.to.node, key);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** The least a flow-level deploy needs to know about one flow's start spec. */
export interface FlowDeploySpec {
  flow: Pick<Flow, 'id' | 'disabled' | 'isolation' | 'context'>;
  /** Decrypted credentials the flow starts with; a change restarts the flow in every mode. */
  credentials?: unknown;
}

/** What a deploy does to each flow (flow ids). A flow in none of the lists is left untouched. */
export interface FlowDeployPlan {
  /** Not running before: start. */
  start: string[];
  /** Changed: stop, then start from the new spec. */
  restart: string[];
  /** Changed, mode `nodes`: update in place (`FlowEngine.update`, planned by {@link planNodeUpdate}). */
  update: string[];
  /** Running before, but gone or disabled now: stop for good. */
  stop: string[];
}

/** What a changed flow gets in each deploy mode, unless its credentials, isolation or context store changed. */
const CHANGED_FLOW: Readonly<Record<DeployMode, 'restart' | 'update'>> = {
  full: 'restart',
  flows: 'restart',
  nodes: 'update',
};

/**
 * Works out what a deploy does to each flow, without touching anything. `before` is what runs
 * now, `after` what the deploy asks for; a disabled flow on either side counts as not running,
 * and on a repeated id the last spec wins. A flow whose spec is deep-equal (key order ignored,
 * see `sameContent`) is untouched in every mode, `full` included. A changed flow is restarted in
 * modes `full` and `flows`; in mode `nodes` it is updated in place unless its `credentials`,
 * `flow.isolation` or `flow.context` changed, since the engine cannot see a changed secret, another
 * isolation needs another host, and the context store is opened when the flow starts. Pure.
 *
 * @example
 * const plan = planFlowDeploy([...running.values()], flows.map(specFor), 'nodes');
 * for (const id of plan.stop) await hosts.get(id)?.stop(true);
 */
export function planFlowDeploy<S extends FlowDeploySpec>(
  before: Iterable<S>,
  after: Iterable<S>,
  mode: DeployMode,
): FlowDeployPlan {
  const running = enabledById(before);
  const wanted = enabledById(after);
  const plan: FlowDeployPlan = { start: [], restart: [], update: [], stop: [] };
  for (const id of running.keys()) if (!wanted.has(id)) plan.stop.push(id);
  for (const [id, next] of wanted) {
    const old = running.get(id);
    if (!old) plan.start.push(id);
    else if (sameContent(old, next)) continue;
    else if (
      CHANGED_FLOW[mode] === 'restart' ||
      !sameContent(old.credentials, next.credentials) ||
      old.flow.isolation !== next.flow.isolation ||
      !sameContent(old.flow.context, next.flow.context)
    )
      plan.restart.push(id);
    else plan.update.push(id);
  }
  return plan;
}

function enabledById<S extends FlowDeploySpec>(specs: Iterable<S>): Map<string, S> {
  const out = new Map<string, S>();
  for (const s of specs) {
    if (s.flow.disabled === true) out.delete(s.flow.id);
    else out.set(s.flow.id, s);
  }
  return out;
}
