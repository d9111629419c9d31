import type { Flow, FlowNode } from '../flow.js';

/** Node types that mark a subflow definition's ports; they only belong in a definition. */
export const SUBFLOW_IN = 'subflow-in';
export const SUBFLOW_OUT = 'subflow-out';
export const SUBFLOW_STATUS = 'subflow-status';
export const SUBFLOW_PORT_TYPES: ReadonlySet<string> = new Set([SUBFLOW_IN, SUBFLOW_OUT, SUBFLOW_STATUS]);

/** Instances of definition `<id>` are nodes of type `subflow:<id>` (as in Node-RED). */
export const SUBFLOW_TYPE_PREFIX = 'subflow:';

export function subflowInstanceType(definitionId: string): string {
  return `${SUBFLOW_TYPE_PREFIX}${definitionId}`;
}

/** The definition id an instance type names, or undefined for any other type. */
export function subflowIdOf(type: string): string | undefined {
  return type.startsWith(SUBFLOW_TYPE_PREFIX) ? type.slice(SUBFLOW_TYPE_PREFIX.length) : undefined;
}

/** A flow document that is a subflow definition (it has a `subflow` block). */
export type SubflowDefinition = Flow & { subflow: NonNullable<Flow['subflow']> };

export function isSubflowDefinition(flow: Flow): flow is SubflowDefinition {
  return flow.subflow !== undefined;
}

/** Output port of a `subflow-out` node (config `port`, default 0). */
export function outPortOf(node: Pick<FlowNode, 'config'>): number {
  const port = node.config['port'];
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 ? port : 0;
}

/** The ports of a definition, read from its port nodes (disabled ones included: ports stay stable). */
export interface SubflowPorts {
  inputs: 0 | 1;
  outputs: number;
  status: boolean;
}

export function subflowPorts(def: Pick<Flow, 'nodes'>): SubflowPorts {
  let inputs: 0 | 1 = 0;
  let outputs = 0;
  let status = false;
  for (const n of def.nodes) {
    if (n.type === SUBFLOW_IN) inputs = 1;
    else if (n.type === SUBFLOW_OUT) outputs = Math.max(outputs, outPortOf(n) + 1);
    else if (n.type === SUBFLOW_STATUS) status = true;
  }
  return { inputs, outputs, status };
}
