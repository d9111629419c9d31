import type { FlowNode, Group, NodeCatalogEntry } from '@millwright/model';
import type { Edge, Node } from '@xyflow/react';

/** Data of a flow node on the canvas. */
export interface NodeViewData extends Record<string, unknown> {
  node: FlowNode;
  entry: NodeCatalogEntry | undefined;
  label: string;
  outputs: number;
  /** Differs from what is deployed. */
  modified: boolean;
}

/** Data of a group box, drawn behind its member nodes. */
export interface GroupViewData extends Record<string, unknown> {
  group: Group;
  members: string[];
}

export type FlowRfNode = Node<NodeViewData, 'mw'>;
export type GroupRfNode = Node<GroupViewData, 'mwGroup'>;
export type RfNode = FlowRfNode | GroupRfNode;
export type RfEdge = Edge;

/** Prefix of group box ids, so they never collide with node ids. */
export const GROUP_PREFIX = 'group:';
