import type { ClientSession, NodeId, ReferenceDescription } from 'node-opcua';
import { typeName } from '../opcua-endpoint/variant.js';

/** One child in the address space, as the editor's NodeId picker and the opcua-browse node show it. */
export interface BrowsedNode {
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

/** Root of the tree a browser starts from: the Objects folder. */
export const OBJECTS_FOLDER = 'i=85';

/**
 * The hierarchical children (Organizes, HasComponent, HasProperty... ) of `nodeId`, with data types of
 * variables and whether each child has children itself. Three service round-trips whatever the
 * number of children: browse, then browse of the children plus a read of the variables' data types,
 * then a read of the names of non-built-in data types.
 */
export async function browseChildren(session: ClientSession, nodeId: string): Promise<BrowsedNode[]> {
  const opcua = await import('node-opcua');
  const describe = (id: NodeId | string) => ({
    nodeId: id,
    browseDirection: opcua.BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    nodeClassMask: 0,
    resultMask: 63,
  });
  const [result] = await opcua.browseAll(session, [describe(nodeId)]);
  if (!result || result.statusCode.isBad())
    throw Object.assign(new Error(`browse of ${nodeId} failed: ${result?.statusCode.name ?? 'no result'}`), {
      statusCode: result?.statusCode.name,
    });
  const refs: ReferenceDescription[] = (result.references ?? []).filter((r) => r.isForward);
  if (refs.length === 0) return [];

  const variables = refs.filter((r) => r.nodeClass === opcua.NodeClass.Variable);
  const [grandChildren, dataTypes] = await Promise.all([
    opcua.browseAll(
      session,
      refs.map((r) => describe(r.nodeId)),
    ),
    variables.length
      ? session.read(variables.map((r) => ({ nodeId: r.nodeId, attributeId: opcua.AttributeIds.DataType })))
      : Promise.resolve([]),
  ]);

  // Names of data types that are not built-in (Duration, UtcTime, structures...).
  const typeIds = new Map<string, NodeId>();
  variables.forEach((r, i) => {
    const id: unknown = dataTypes[i]?.value.value;
    if (id instanceof opcua.NodeId) typeIds.set(r.nodeId.toString(), id);
  });
  const unnamed = [...new Set([...typeIds.values()].filter((t) => !builtinName(t)).map((t) => t.toString()))];
  const names = new Map<string, string>();
  if (unnamed.length) {
    const dvs = await session.read(unnamed.map((t) => ({ nodeId: t, attributeId: opcua.AttributeIds.BrowseName })));
    unnamed.forEach((t, i) => {
      const qn: unknown = dvs[i]?.value.value;
      if (qn && typeof qn === 'object' && 'name' in qn && typeof qn.name === 'string') names.set(t, qn.name);
    });
  }

  return refs.map((r, i) => {
    const node: BrowsedNode = {
      nodeId: r.nodeId.toString(),
      browseName: r.browseName.toString(),
      displayName: r.displayName.text ?? r.browseName.name ?? '',
      nodeClass: opcua.NodeClass[r.nodeClass] ?? String(r.nodeClass),
      hasChildren: (grandChildren[i]?.references ?? []).some((c) => c.isForward),
    };
    const type = typeIds.get(r.nodeId.toString());
    if (type) node.dataType = builtinName(type) ?? names.get(type.toString()) ?? type.toString();
    return node;
  });
}

function builtinName(id: NodeId): string | undefined {
  return id.namespace === 0 && typeof id.value === 'number' && id.value >= 1 && id.value <= 25
    ? typeName(id.value)
    : undefined;
}
