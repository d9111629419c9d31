/** One entry of a Node-RED flows.json export: a tab, subflow, group, config node or flow node. */
export interface NodeRedNode {
  id: string;
  type: string;
  /** Tab (or subflow) the node sits on; missing for global config nodes. */
  z?: string;
  /** Group the node belongs to. */
  g?: string;
  name?: string;
  x?: number;
  y?: number;
  /** Targets per output port. */
  wires?: string[][];
  /** Set on disabled nodes. */
  d?: boolean;
  [key: string]: unknown;
}

/** A node that could not be converted and became an `unsupported` placeholder (or was left out). */
export interface ImportPlaceholder {
  id: string;
  type: string;
  name?: string;
  /** Flow (tab) id it sits on; undefined for global config nodes. */
  tab?: string;
  reason: string;
}

/** Something converted with a difference the user should know about. */
export interface ImportWarning {
  id?: string;
  type?: string;
  tab?: string;
  message: string;
}

/** What an import did: counts, every placeholder with its reason, and every warning. */
export interface ImportReport {
  /** Flow nodes and config nodes converted to Millwright nodes. */
  converted: number;
  placeholders: ImportPlaceholder[];
  warnings: ImportWarning[];
  /** One line per flow: id, name and node count. */
  flows: Array<{ id: string; name: string; nodes: number }>;
}

/** What a converter returns: a Millwright node (type and config) or the reason it cannot be converted. */
export type ConvertOutcome =
  { type: string; config: Record<string, unknown>; warnings?: string[] } | { unsupported: string };

/** What a converter may look at besides the node itself. */
export interface ConvertContext {
  /** Any node of the export by id (for config nodes, link targets, group members). */
  node(id: string): NodeRedNode | undefined;
  /** Ids of the nodes in a Node-RED group (direct members, nested groups expanded). */
  groupMembers(groupId: string): string[];
  /** The Millwright id a Node-RED id was given (ids that fit the flow format are kept). */
  idOf(nodeRedId: string): string;
}

/** Converts one Node-RED node type; registered in `converters/index.ts`. */
export interface NodeConverter {
  /** Config nodes (mqtt-broker) go to `flow.configs`, flow nodes to `flow.nodes`. */
  kind: 'node' | 'config';
  convert(node: NodeRedNode, ctx: ConvertContext): ConvertOutcome;
}
