/** Drag data of an OPC UA variable dragged from the browser panel onto the canvas. */
export const OPCUA_MIME = 'application/x-millwright-opcua';

export interface OpcuaDrop {
  /** The opcua-endpoint config node it was browsed with. */
  endpoint: string;
  nodeId: string;
  displayName: string;
}

/** Reads the drag data; undefined when it is not an OPC UA variable. */
export function readOpcuaDrop(text: string): OpcuaDrop | undefined {
  try {
    const v = JSON.parse(text) as Partial<OpcuaDrop>;
    return typeof v.endpoint === 'string' && typeof v.nodeId === 'string' && typeof v.displayName === 'string'
      ? { endpoint: v.endpoint, nodeId: v.nodeId, displayName: v.displayName }
      : undefined;
  } catch {
    return undefined;
  }
}
