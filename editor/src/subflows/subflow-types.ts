import type { Flow, FlowNode, NodeCatalogEntry } from '@millwright/model';
import {
  SUBFLOW_IN,
  SUBFLOW_OUT,
  SUBFLOW_PORT_TYPES,
  subflowIdOf,
  subflowInstanceType,
  subflowPorts,
  type SubflowParam,
} from '@millwright/model/subflows';
import type { Catalog } from '../store/catalog.js';
import { newId } from '../store/ids.js';

/** Palette section of subflow instances (unless a definition names its own category). */
export const SUBFLOWS_CATEGORY = 'subflows';

/** The catalog entry of instances of a definition: its ports, and a form generated from its parameters. */
export function subflowEntry(def: Flow): NodeCatalogEntry {
  const ports = subflowPorts(def);
  const params = def.subflow?.params ?? [];
  return {
    type: subflowInstanceType(def.id),
    version: 1,
    category: def.subflow?.category || SUBFLOWS_CATEGORY,
    label: def.name || def.id,
    description: def.subflow?.description || def.info || `Subflow "${def.name || def.id}"`,
    isConfig: false,
    inputs: ports.inputs,
    outputs: Array.from({ length: ports.outputs }, (_, i) => `output ${i + 1}`),
    ...(def.subflow?.color ? { color: def.subflow.color } : {}),
    icon: 'folder-tree',
    configSchema: paramsSchema(params),
    defaults: {},
  };
}

/** JSON Schema of an instance's config: one property per parameter, typed, with its default and label. */
export function paramsSchema(params: readonly SubflowParam[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const p of params)
    properties[p.name] = {
      ...(p.type === 'json' ? {} : { type: p.type }),
      ...(p.label ? { title: p.label } : {}),
      description: [p.description, p.default !== undefined ? `Default: ${JSON.stringify(p.default)}.` : '']
        .filter(Boolean)
        .join(' '),
      ...(p.default !== undefined ? { placeholder: String(p.default) } : {}),
    };
  const required = params.filter((p) => p.required && p.default === undefined).map((p) => p.name);
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

const cache = new WeakMap<readonly Flow[], Catalog>();

/**
 * The catalog with one `subflow:<id>` type per definition among `flows`, replacing those of an
 * earlier state, so instances draw, validate and get their form like any node. Memoised per flows
 * array (flows are immutable).
 */
export function withSubflowTypes(catalog: Catalog, flows: readonly Flow[]): Catalog {
  const hit = cache.get(flows);
  if (hit && sameBase(hit, catalog)) return hit;
  const next = new Map([...catalog].filter(([type]) => subflowIdOf(type) === undefined));
  for (const f of flows) if (f.subflow) next.set(subflowInstanceType(f.id), subflowEntry(f));
  cache.set(flows, next);
  return next;
}

function sameBase(derived: Catalog, catalog: Catalog): boolean {
  if (derived === catalog) return true;
  for (const [type, entry] of catalog) if (subflowIdOf(type) === undefined && derived.get(type) !== entry) return false;
  return true;
}

/**
 * What the palette offers on a tab: port nodes only inside a definition, and no instance of a
 * definition inside itself (the deploy would refuse the cycle).
 */
export function paletteEntries(catalog: Catalog, flow: Flow | undefined): NodeCatalogEntry[] {
  return [...catalog.values()].filter((e) => {
    if (SUBFLOW_PORT_TYPES.has(e.type)) return flow?.subflow !== undefined;
    return !flow?.subflow || subflowIdOf(e.type) !== flow.id;
  });
}

/** The nodes that are instances of definition `id`, with the flow each sits in. */
export function instancesOf(flows: readonly Flow[], id: string): Array<{ flow: Flow; node: FlowNode }> {
  const type = subflowInstanceType(id);
  return flows.flatMap((flow) => flow.nodes.filter((n) => n.type === type).map((node) => ({ flow, node })));
}

/** A new, empty definition: an input wired to nothing yet and one output, ready to be filled. */
export function newSubflow(name: string): Flow {
  const node = (type: string, x: number, config: Record<string, unknown> = {}): FlowNode => ({
    id: newId(),
    type,
    typeVersion: 1,
    config,
    position: { x, y: 120 },
  });
  return {
    version: 1,
    id: newId(),
    name,
    subflow: { params: [] },
    nodes: [node(SUBFLOW_IN, 120), node(SUBFLOW_OUT, 520, { port: 0 })],
    wires: [],
  };
}
