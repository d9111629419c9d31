import { showValue, toNamespaceUriNodeId, type OpcuaBrowsedNode } from '@millwright/model';
import type { ClientSession, DataValue, NodeId, ReferenceDescription } from 'node-opcua';
import { namespaceArray } from '../opcua-endpoint/namespaces.js';
import { fromVariant, typeName } from '../opcua-endpoint/variant.js';

/** One child in the address space, as the editor's NodeId picker and the opcua-browse node show it. */
export type BrowsedNode = OpcuaBrowsedNode;

/** Root of the tree a browser starts from: the Objects folder. */
export const OBJECTS_FOLDER = 'i=85';

/** Value previews per browse: a folder of thousands of tags is listed, but only this many values read. */
export const MAX_PREVIEWS = 200;
/** A preview is cut at this many characters. */
export const PREVIEW_CHARS = 48;

// AccessLevel bits (OPC 10000-3 §8.57).
const CURRENT_READ = 0x01;
const CURRENT_WRITE = 0x02;
const HISTORY_READ = 0x04;

export interface BrowseChildrenOptions {
  /**
   * For the editor's browser: each variable's access level, a preview of its current value (the
   * first `MAX_PREVIEWS`), and the `nsu=` form of every NodeId. Read in the same round-trip as the
   * data types.
   */
  details?: boolean;
}

/**
 * The hierarchical children (Organizes, HasComponent, HasProperty... ) of `nodeId`, with data types of
 * variables and whether each child has children itself. Three service round-trips whatever the
 * number of children: browse, then browse of the children plus a read of the variables' data types
 * (and with `details` their values and access levels), then a read of the names of non-built-in
 * data types.
 */
export async function browseChildren(
  session: ClientSession,
  nodeId: string,
  options: BrowseChildrenOptions = {},
): Promise<BrowsedNode[]> {
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
  const { AttributeIds } = opcua;
  // Per variable: DataType, then with details AccessLevel, UserAccessLevel and (bounded) Value.
  const attributes = (i: number) =>
    options.details
      ? [
          AttributeIds.DataType,
          AttributeIds.AccessLevel,
          AttributeIds.UserAccessLevel,
          ...(i < MAX_PREVIEWS ? [AttributeIds.Value] : []),
        ]
      : [AttributeIds.DataType];
  const reads = variables.flatMap((r, i) => attributes(i).map((attributeId) => ({ nodeId: r.nodeId, attributeId })));
  const [grandChildren, values, namespaces] = await Promise.all([
    opcua.browseAll(
      session,
      refs.map((r) => describe(r.nodeId)),
    ),
    reads.length ? session.read(reads) : Promise.resolve([]),
    options.details ? namespaceArray(session) : Promise.resolve([]),
  ]);
  // The answers of each variable's reads, by its NodeId.
  const answers = new Map<string, Map<number, DataValue>>();
  let at = 0;
  variables.forEach((r, i) => {
    const byAttribute = new Map<number, DataValue>();
    for (const attributeId of attributes(i)) {
      const dv = values[at++];
      if (dv) byAttribute.set(attributeId, dv);
    }
    answers.set(r.nodeId.toString(), byAttribute);
  });

  // Names of data types that are not built-in (Duration, UtcTime, structures...).
  const typeIds = new Map<string, NodeId>();
  for (const [id, byAttribute] of answers) {
    const type: unknown = byAttribute.get(AttributeIds.DataType)?.value.value;
    if (type instanceof opcua.NodeId) typeIds.set(id, type);
  }
  const unnamed = [...new Set([...typeIds.values()].filter((t) => !builtinName(t)).map((t) => t.toString()))];
  const names = new Map<string, string>();
  if (unnamed.length) {
    const dvs = await session.read(unnamed.map((t) => ({ nodeId: t, attributeId: AttributeIds.BrowseName })));
    unnamed.forEach((t, i) => {
      const qn: unknown = dvs[i]?.value.value;
      if (qn && typeof qn === 'object' && 'name' in qn && typeof qn.name === 'string') names.set(t, qn.name);
    });
  }

  return refs.map((r, i) => {
    const id = r.nodeId.toString();
    const node: BrowsedNode = {
      nodeId: id,
      browseName: r.browseName.toString(),
      displayName: r.displayName.text ?? r.browseName.name ?? '',
      nodeClass: opcua.NodeClass[r.nodeClass] ?? String(r.nodeClass),
      hasChildren: (grandChildren[i]?.references ?? []).some((c) => c.isForward),
    };
    const type = typeIds.get(id);
    if (type) node.dataType = builtinName(type) ?? names.get(type.toString()) ?? type.toString();
    if (!options.details) return node;
    node.stableNodeId = toNamespaceUriNodeId(id, namespaces);
    const byAttribute = answers.get(id);
    if (byAttribute) Object.assign(node, variableDetails(byAttribute, AttributeIds));
    return node;
  });
}

/** Access level and value preview of a variable from the answers of its reads. */
function variableDetails(
  byAttribute: Map<number, DataValue>,
  ids: { AccessLevel: number; UserAccessLevel: number; Value: number },
): Pick<BrowsedNode, 'access' | 'value' | 'valueStatus'> {
  const level = (attributeId: number): number => {
    const v: unknown = byAttribute.get(attributeId)?.value.value;
    return typeof v === 'number' ? v : 0;
  };
  // Both must allow it: AccessLevel for the variable, UserAccessLevel for this endpoint's user.
  const bits = level(ids.AccessLevel) & level(ids.UserAccessLevel);
  const out: Pick<BrowsedNode, 'access' | 'value' | 'valueStatus'> = {
    access: { read: !!(bits & CURRENT_READ), write: !!(bits & CURRENT_WRITE), history: !!(bits & HISTORY_READ) },
  };
  const dv = byAttribute.get(ids.Value);
  if (!dv) return out;
  if (dv.statusCode.name !== 'Good') out.valueStatus = dv.statusCode.name;
  if (!dv.statusCode.isBad()) out.value = preview(dv);
  return out;
}

function preview(dv: DataValue): string {
  try {
    return showValue(fromVariant(dv.value), PREVIEW_CHARS);
  } catch {
    return '?';
  }
}

function builtinName(id: NodeId): string | undefined {
  return id.namespace === 0 && typeof id.value === 'number' && id.value >= 1 && id.value <= 25
    ? typeName(id.value)
    : undefined;
}
