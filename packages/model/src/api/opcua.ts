/** One node of an OPC UA server's address space, as `GET /api/opcua/browse` lists children. */
export interface OpcuaBrowsedNode {
  nodeId: string;
  /** `<namespace index>:<name>` */
  browseName: string;
  displayName: string;
  nodeClass: string;
  /** Data type name for variables (built-in name, or the data type's browse name), else absent. */
  dataType?: string;
  /** True when the node has hierarchical children (objects, folders, variables with properties). */
  hasChildren: boolean;
}

/** Answer of `GET /api/opcua/browse?config=<endpoint config id>&nodeId=<NodeId>`. */
export interface OpcuaBrowseResponse {
  /** The browsed node (the Objects folder `i=85` when the request named none). */
  nodeId: string;
  children: OpcuaBrowsedNode[];
}
