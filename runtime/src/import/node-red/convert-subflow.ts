import {
  SUBFLOW_IN,
  SUBFLOW_OUT,
  SUBFLOW_STATUS,
  subflowInstanceType,
  type SubflowParam,
} from '@millwright/model/subflows';
import type { Flow, FlowNode, Wire } from '@millwright/model';
import type { ConvertOutcome, NodeRedNode } from './types.js';
import { text } from './values.js';

/**
 * Node-RED subflows (decision 0024): a `type: "subflow"` entry becomes a subflow definition (a
 * flow document with a `subflow` block), its `env` properties its parameters, its `in`, `out` and
 * `status` ports subflow-in / subflow-out / subflow-status nodes; a `subflow:<id>` node becomes an
 * instance of it whose config holds the values of its own `env` list.
 */

/** Node-RED env property types that have a parameter type; the rest arrive as strings. */
const PARAM_TYPES: Readonly<Record<string, SubflowParam['type']>> = {
  str: 'string',
  num: 'number',
  bool: 'boolean',
  json: 'json',
  env: 'string',
};

interface EnvProperty {
  name: string;
  type: string;
  value: unknown;
}

function envList(node: NodeRedNode): EnvProperty[] {
  const env = node['env'];
  if (!Array.isArray(env)) return [];
  return env.flatMap((e: unknown) => {
    if (typeof e !== 'object' || e === null) return [];
    const name = Reflect.get(e, 'name');
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return [];
    return [{ name, type: text(Reflect.get(e, 'type')) || 'str', value: Reflect.get(e, 'value') }];
  });
}

/** The value of a Node-RED env property as a parameter value; undefined when it has none we can carry. */
function paramValue(p: EnvProperty): unknown {
  const raw = p.value;
  switch (p.type) {
    case 'num': {
      const n = typeof raw === 'number' ? raw : Number(text(raw));
      return text(raw) === '' || !Number.isFinite(n) ? undefined : n;
    }
    case 'bool':
      return raw === true || raw === 'true';
    case 'json':
      try {
        return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
      } catch {
        return undefined;
      }
    case 'env':
      return text(raw) ? `\${env.${text(raw)}}` : undefined;
    case 'cred':
      return undefined;
    default:
      return text(raw);
  }
}

/** The definition's parameters, with warnings for env properties converted loosely. */
export function subflowParams(sf: NodeRedNode): { params: SubflowParam[]; warnings: string[] } {
  const warnings: string[] = [];
  const params = envList(sf).map((p): SubflowParam => {
    const type = PARAM_TYPES[p.type];
    if (!type)
      warnings.push(
        p.type === 'cred'
          ? `parameter "${p.name}": credential properties are not converted; set its value on each instance`
          : `parameter "${p.name}" of Node-RED type "${p.type}" becomes a string`,
      );
    const value = type ? paramValue(p) : p.type === 'cred' ? undefined : text(p.value);
    return { name: p.name, type: type ?? 'string', ...(value !== undefined ? { default: value } : {}) };
  });
  return { params, warnings };
}

/** A `subflow:<id>` node: an instance of the converted definition, its env list as config. */
export function convertSubflowInstance(n: NodeRedNode, sf: NodeRedNode, definitionId: string): ConvertOutcome {
  const declared = new Map(subflowParams(sf).params.map((p) => [p.name, p]));
  const config: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const p of envList(n)) {
    const param = declared.get(p.name);
    if (!param) {
      warnings.push(`env "${p.name}" is not a property of the subflow; left out`);
      continue;
    }
    const value = PARAM_TYPES[p.type] ? paramValue(p) : text(p.value);
    if (value !== undefined) config[p.name] = value;
  }
  return { type: subflowInstanceType(definitionId), config, ...(warnings.length ? { warnings } : {}) };
}

interface PortWire {
  id: string;
  port: number;
}

function portWires(port: unknown): PortWire[] {
  const wires = typeof port === 'object' && port !== null ? Reflect.get(port, 'wires') : undefined;
  if (!Array.isArray(wires)) return [];
  return wires.flatMap((w: unknown) => {
    const id = typeof w === 'object' && w !== null ? Reflect.get(w, 'id') : undefined;
    const p = typeof w === 'object' && w !== null ? Reflect.get(w, 'port') : undefined;
    return typeof id === 'string' ? [{ id, port: typeof p === 'number' ? p : 0 }] : [];
  });
}

/**
 * Turns the flow converted from a subflow's nodes into its definition: the `subflow` block, and
 * port nodes wired as the subflow's `in`, `out` and `status` lists say (Node-RED keeps those
 * wires on the subflow, not on its nodes). `idOf` maps Node-RED ids.
 */
export function asSubflowDefinition(flow: Flow, sf: NodeRedNode, idOf: (id: string) => string): Flow {
  const { params } = subflowParams(sf);
  // A placeholder keeps the original JSON as it was.
  const nodes: FlowNode[] = flow.nodes.map((n) =>
    n.type === 'unsupported' ? n : { ...n, config: envReferences(n.config) as Record<string, unknown> },
  );
  const wires: Wire[] = [...flow.wires];
  const present = new Set(flow.nodes.map((n) => n.id));
  const base = idOf(sf.id);
  const port = (id: string, type: string, at: unknown, config: Record<string, unknown> = {}): FlowNode => ({
    id,
    type,
    typeVersion: 1,
    config,
    position: positionOf(at),
  });
  const inId = `${base}-in`;
  const ins = Array.isArray(sf['in']) ? (sf['in'] as unknown[]) : [];
  const source = (w: PortWire): Wire['from'] | undefined =>
    w.id === sf.id
      ? ins.length
        ? { node: inId, port: 0 }
        : undefined
      : present.has(idOf(w.id))
        ? { node: idOf(w.id), port: w.port }
        : undefined;
  if (ins.length) {
    nodes.push(port(inId, SUBFLOW_IN, ins[0]));
    for (const w of portWires(ins[0]))
      if (present.has(idOf(w.id))) wires.push({ from: { node: inId, port: 0 }, to: { node: idOf(w.id), port: 0 } });
  }
  const outs = Array.isArray(sf['out']) ? (sf['out'] as unknown[]) : [];
  outs.forEach((out, k) => {
    const id = `${base}-out-${k + 1}`;
    nodes.push(port(id, SUBFLOW_OUT, out, { port: k }));
    for (const w of portWires(out)) {
      const from = source(w);
      if (from) wires.push({ from, to: { node: id, port: 0 } });
    }
  });
  if (sf['status']) {
    const id = `${base}-status`;
    nodes.push(port(id, SUBFLOW_STATUS, sf['status']));
    for (const w of portWires(sf['status'])) {
      const from = source(w);
      if (from) wires.push({ from, to: { node: id, port: 0 } });
    }
  }
  const category = text(sf['category']);
  const color = text(sf['color']);
  return {
    ...flow,
    name: (text(sf.name) || base).slice(0, 256),
    ...(text(sf['info']) ? { info: text(sf['info']).slice(0, 100_000) } : {}),
    subflow: {
      ...(params.length ? { params } : {}),
      ...(category && category.length <= 64 ? { category } : {}),
      ...(color && color.length <= 32 ? { color } : {}),
    },
    nodes,
    wires,
  };
}

function positionOf(at: unknown): FlowNode['position'] {
  const num = (k: string) => {
    const v = typeof at === 'object' && at !== null ? Reflect.get(at, k) : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : 0;
  };
  return { x: num('x'), y: num('y') };
}

/**
 * Node-RED replaces a property whose whole value is `${NAME}` with the environment variable (a
 * subflow property first): Millwright writes that `${env.NAME}`.
 */
function envReferences(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/, '${env.$1}');
  if (Array.isArray(value)) return value.map(envReferences);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, envReferences(v)]));
  return value;
}
