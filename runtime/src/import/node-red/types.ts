import type { ImportReport } from '@millwright/model';

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

export type { ImportReport };

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
  /** Nodes of the same tab wired into this one (junctions followed), for converters that read their inputs' config. */
  sources(nodeRedId: string): NodeRedNode[];
}

/** Converts one Node-RED node type; registered in `converters/index.ts`. */
export interface NodeConverter {
  /** Config nodes (mqtt-broker) go to `flow.configs`, flow nodes to `flow.nodes`. */
  kind: 'node' | 'config';
  convert(node: NodeRedNode, ctx: ConvertContext): ConvertOutcome;
}
