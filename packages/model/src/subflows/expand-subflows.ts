import type { ConfigNode, Flow, FlowNode, Wire } from '../flow.js';
import type { NodeCatalog } from '../node-type-info.js';
import { paramText } from './subflow-params.js';
import {
  isSubflowDefinition,
  outPortOf,
  SUBFLOW_IN,
  SUBFLOW_OUT,
  SUBFLOW_STATUS,
  subflowIdOf,
  type SubflowDefinition,
} from './subflow-ports.js';

/** Separates an instance's id from the ids of the nodes inside it: `<instanceId>/<innerId>`. */
export const SUBFLOW_ID_SEPARATOR = '/';

/**
 * Turns a validated deployment into what runs: definitions are left out (they never run by
 * themselves) and every `subflow:<id>` instance is replaced by a copy of its definition's nodes,
 * ids namespaced `<instanceId>/<innerId>` (nested instances: `a/b/c`), each node carrying the
 * instance's parameters as `env`. Port nodes stay as pass-through nodes: wires into the instance
 * go to its `subflow-in` node, wires out of port k leave from its `subflow-out` nodes of port k.
 * The `subflow-status` node takes the instance's own id, so what it reports is the instance's
 * status. The definition's config nodes join the flow's (shared ids). Pure; assumes
 * `validateSubflows` passed (no cycle, no missing definition).
 */
export function expandSubflows(flows: readonly Flow[], options: ExpandOptions = {}): Flow[] {
  const defs = new Map<string, SubflowDefinition>();
  for (const f of flows) if (isSubflowDefinition(f)) defs.set(f.id, f);
  if (!defs.size) return [...flows];
  return flows
    .filter((f) => !isSubflowDefinition(f))
    .map((f) => {
      if (!f.nodes.some((n) => subflowIdOf(n.type) !== undefined)) return f;
      const configs = new Map<string, ConfigNode>((f.configs ?? []).map((c) => [c.id, c]));
      const graph = expandGraph({ defs, configs, catalog: options.catalog }, f.nodes, f.wires, '', undefined, []);
      return {
        ...f,
        nodes: graph.nodes,
        wires: graph.wires,
        ...(configs.size ? { configs: [...configs.values()] } : {}),
      };
    });
}

export interface ExpandOptions {
  /**
   * Installed node types: config keys that name other nodes across the flow (`nodeRefs` without
   * `sameFlow`: link-out targets) are rewritten to the instance's copies when they name a node of
   * the same definition. Catch and status scopes stay as written: the engine reads them relative
   * to their subflow level.
   */
  catalog?: NodeCatalog | undefined;
}

interface Context {
  defs: ReadonlyMap<string, SubflowDefinition>;
  configs: Map<string, ConfigNode>;
  catalog: NodeCatalog | undefined;
}

interface Graph {
  nodes: FlowNode[];
  wires: Wire[];
}

/** Where an instance's ports lead once it is expanded. */
interface InstancePorts {
  input: string | undefined;
  outputs: Map<number, string[]>;
}

function expandGraph(
  cx: Context,
  nodes: readonly FlowNode[],
  wires: readonly Wire[],
  prefix: string,
  env: Record<string, string> | undefined,
  chain: readonly string[],
  instanceName?: string,
): Graph {
  const out: Graph = { nodes: [], wires: [] };
  const idOf = (inner: string) => (prefix ? `${prefix}${SUBFLOW_ID_SEPARATOR}${inner}` : inner);
  const instances = new Map<string, InstancePorts>();
  for (const n of nodes) {
    const defId = subflowIdOf(n.type);
    const def = defId === undefined ? undefined : cx.defs.get(defId);
    if (def && !n.disabled && !chain.includes(def.id)) {
      const inst = instantiate(cx, def, { ...n, id: idOf(n.id) }, env, chain);
      out.nodes.push(...inst.nodes);
      out.wires.push(...inst.wires);
      instances.set(n.id, inst.ports);
      continue;
    }
    if (def) continue; // a disabled instance: nothing of it runs
    // The status port takes the instance's id and name: what it reports is the instance's status.
    const statusPort = n.type === SUBFLOW_STATUS && prefix !== '';
    const id = statusPort ? prefix : idOf(n.id);
    const name = statusPort ? instanceName : n.name;
    const config = prefix ? localRefs(cx.catalog, n, nodes, idOf) : n.config;
    const copy: FlowNode = { ...n, id, config, ...(name !== undefined ? { name } : {}) };
    if (statusPort && name === undefined) delete copy.name;
    out.nodes.push(env ? { ...copy, env: { ...env, ...n.env } } : copy);
  }
  const statusIds = new Set(nodes.filter((n) => n.type === SUBFLOW_STATUS).map((n) => n.id));
  for (const w of wires) {
    const from = instances.get(w.from.node);
    const to = instances.get(w.to.node);
    const sources = from
      ? (from.outputs.get(w.from.port) ?? []).map((node) => ({ node, port: 0 }))
      : [{ node: idOf(w.from.node), port: w.from.port }];
    let target: Wire['to'] | undefined;
    if (!to) target = { node: statusIds.has(w.to.node) && prefix ? prefix : idOf(w.to.node), port: w.to.port };
    else if (to.input !== undefined) target = { node: to.input, port: 0 };
    if (!target) continue;
    for (const s of sources) out.wires.push({ from: s, to: target });
  }
  return out;
}

function instantiate(
  cx: Context,
  def: SubflowDefinition,
  instance: FlowNode,
  parentEnv: Record<string, string> | undefined,
  chain: readonly string[],
): Graph & { ports: InstancePorts } {
  const env: Record<string, string> = { ...parentEnv };
  for (const p of def.subflow.params ?? []) {
    const text = paramText(p, instance.config[p.name]);
    if (text !== undefined) env[p.name] = parentEnv ? resolve(text, parentEnv) : text;
  }
  for (const c of def.configs ?? []) if (!cx.configs.has(c.id)) cx.configs.set(c.id, c);
  const graph = expandGraph(cx, def.nodes, def.wires, instance.id, env, [...chain, def.id], instance.name);
  const ports: InstancePorts = { input: undefined, outputs: new Map() };
  for (const n of def.nodes) {
    if (n.disabled) continue;
    const id = `${instance.id}${SUBFLOW_ID_SEPARATOR}${n.id}`;
    if (n.type === SUBFLOW_IN) ports.input = id;
    else if (n.type === SUBFLOW_OUT) {
      const port = outPortOf(n);
      ports.outputs.set(port, [...(ports.outputs.get(port) ?? []), id]);
    }
  }
  return { ...graph, ports };
}

/** Replaces `${env.NAME}` of names the enclosing instance defines; others stay for the runtime's environment. */
function resolve(text: string, env: Record<string, string>): string {
  return text.includes('${env.')
    ? text.replace(/\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) => env[name] ?? m)
    : text;
}

/** A node's config with its cross-flow node references (link targets) to nodes of its own definition namespaced. */
function localRefs(
  catalog: NodeCatalog | undefined,
  n: FlowNode,
  siblings: readonly FlowNode[],
  idOf: (inner: string) => string,
): FlowNode['config'] {
  const refs = catalog?.get(n.type)?.nodeRefs?.filter((r) => !r.sameFlow) ?? [];
  if (!refs.length) return n.config;
  const local = new Set(siblings.map((s) => s.id));
  const map = (v: unknown) => (typeof v === 'string' && local.has(v) ? idOf(v) : v);
  const config = { ...n.config };
  for (const { key } of refs) {
    const v = config[key];
    if (v !== undefined) config[key] = Array.isArray(v) ? v.map(map) : map(v);
  }
  return config;
}
