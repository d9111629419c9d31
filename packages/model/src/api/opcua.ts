/** One node of an OPC UA server's address space, as `GET /api/opcua/browse` lists children. */
export interface OpcuaBrowsedNode {
  /** The NodeId as the server writes it (`ns=<index>;...`). */
  nodeId: string;
  /**
   * The same NodeId in the `nsu=<namespace URI>;...` form, which stays right on a server whose
   * namespace indexes differ (namespace 0 keeps its short form). Listed by the editor's browser only.
   */
  stableNodeId?: string;
  /** `<namespace index>:<name>` */
  browseName: string;
  displayName: string;
  nodeClass: string;
  /** Data type name for variables (built-in name, or the data type's browse name), else absent. */
  dataType?: string;
  /** True when the node has hierarchical children (objects, folders, variables with properties). */
  hasChildren: boolean;
  /**
   * Variables, editor's browser only: what this endpoint's user may do, from AccessLevel and
   * UserAccessLevel (both must allow it): read the current value, write it, read its history.
   */
  access?: { read: boolean; write: boolean; history: boolean };
  /** Variables, editor's browser only: the current value, compact and cut short (`"WO-1000"`, `71.5`, `[1,2,3]`). */
  value?: string;
  /** Variables, editor's browser only: the status of the value read when it is not Good (`BadNotReadable`...). */
  valueStatus?: string;
}

/** Answer of `GET /api/opcua/browse?config=<endpoint config id>&nodeId=<NodeId>`. */
export interface OpcuaBrowseResponse {
  /** The browsed node (the Objects folder `i=85` when the request named none). */
  nodeId: string;
  children: OpcuaBrowsedNode[];
}
