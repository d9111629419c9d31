import type { ConfigNode, Flow, FlowNode, NodeCatalogEntry, NodeRef, Position } from '@millwright/model';
import { asSchema, type SchemaIssue } from '../schema/json-schema.js';
import { validateValue } from '../schema/validate.js';
import { newId } from './ids.js';

/** Node types by name, as served by GET /api/nodes. */
export type Catalog = ReadonlyMap<string, NodeCatalogEntry>;

/**
 * Number of output ports for a config. `outputsFrom` names the config key that decides it: an array
 * (a switch has one output per rule) or a number (a function node's `outputs`); a missing key
 * counts as its default.
 */
export function outputCount(entry: NodeCatalogEntry | undefined, config: Record<string, unknown>): number {
  if (!entry || entry.isConfig) return 0;
  if (entry.outputsFrom) {
    const key = entry.outputsFrom;
    const value = config[key] !== undefined ? config[key] : entry.defaults[key];
    if (Array.isArray(value)) return value.length;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return Math.min(value, 64);
  }
  return entry.outputs.length;
}

/** Label of output port `i` (tooltips on the canvas). */
export function outputLabel(entry: NodeCatalogEntry | undefined, i: number): string {
  if (entry?.outputsFrom && Array.isArray(entry.defaults[entry.outputsFrom])) return `${entry.outputsFrom} #${i + 1}`;
  return entry?.outputs[i] ?? `output ${i + 1}`;
}

/** What a node is called on the canvas: its name, else its type's label. */
export function nodeLabel(
  node: { name?: string | undefined; type: string },
  entry: NodeCatalogEntry | undefined,
): string {
  return node.name?.trim() || entry?.label || node.type;
}

/**
 * The name a new node of `entry`'s type gets: its label numbered past the highest number in use for
 * that type in any flow (`debug 1`, `debug 2`...), so ten debug nodes are not ten "debug"s.
 */
export function nextDefaultName(flows: readonly Flow[], entry: NodeCatalogEntry): string {
  const pattern = new RegExp(`^${entry.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)$`);
  let highest = 0;
  for (const f of flows)
    for (const n of f.nodes) {
      const m = n.type === entry.type ? pattern.exec(n.name ?? '') : null;
      if (m) highest = Math.max(highest, Number(m[1]));
    }
  return `${entry.label} ${highest + 1}`;
}

/** A node freshly dropped from the palette: defaults from the catalog, centred on `at`. */
export function createNode(entry: NodeCatalogEntry, position: Position, name?: string): FlowNode {
  return {
    id: newId(),
    type: entry.type,
    typeVersion: entry.version,
    ...(name ? { name } : {}),
    config: structuredClone(entry.defaults),
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
}

/** A new config node (shared connection) with the type's defaults. */
export function createConfigNode(entry: NodeCatalogEntry, name?: string): ConfigNode {
  return {
    id: newId(),
    type: entry.type,
    typeVersion: entry.version,
    ...(name ? { name } : {}),
    config: structuredClone(entry.defaults),
  };
}

const issueCache = new WeakMap<object, WeakMap<NodeCatalogEntry, SchemaIssue[]>>();

/**
 * Client-side config faults of a node (or config node), memoised per node object: nodes are
 * immutable, so an unchanged node is never validated twice.
 */
export function configIssues(node: FlowNode | ConfigNode, entry: NodeCatalogEntry | undefined): SchemaIssue[] {
  if (!entry) return [{ path: [], code: 'unknown_type', message: `unknown node type "${node.type}"` }];
  let inner = issueCache.get(node);
  if (!inner) issueCache.set(node, (inner = new WeakMap()));
  let issues = inner.get(entry);
  if (!issues) inner.set(entry, (issues = validateValue(asSchema(entry.configSchema), node.config)));
  return issues;
}

/** Config keys of a type that hold ids of other nodes (link targets, catch/status scopes). */
export function nodeRefs(entry: NodeCatalogEntry): NodeRef[] {
  const props = asSchema(entry.configSchema).properties ?? {};
  return Object.entries(props).flatMap(([key, p]) => (p.nodeRef ? [{ key, ...p.nodeRef }] : []));
}

/** Config keys of a type that reference config nodes, with the type they need. */
export function configRefs(entry: NodeCatalogEntry): Array<{ key: string; type: string }> {
  const props = asSchema(entry.configSchema).properties ?? {};
  return Object.entries(props).flatMap(([key, p]) =>
    typeof p.configRef === 'string' ? [{ key, type: p.configRef }] : [],
  );
}
