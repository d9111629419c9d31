/**
 * The string form of an OPC UA NodeId (OPC 10000-6 §5.3.1.10), checked strictly: node-opcua's own
 * parser is lenient (its patterns are unanchored and `i=x` becomes NaN), and the model may not depend
 * on it. Schemas mark NodeId fields with `format: 'opcua-nodeid'`; the editor form and the runtime's
 * config validation both check them with `opcuaNodeIdProblem`.
 */

/** JSON Schema `format` of a config field holding a NodeId. */
export const OPCUA_NODEID_FORMAT = 'opcua-nodeid';

export type OpcuaIdentifierType = 'i' | 's' | 'g' | 'b';

export interface ParsedOpcuaNodeId {
  /** Namespace index (`ns=`, 0 when no prefix) or namespace URI (`nsu=`). */
  namespace: { index: number } | { uri: string };
  type: OpcuaIdentifierType;
  /** The identifier as written after `<type>=`. */
  identifier: string;
}

export type OpcuaNodeIdParse = { ok: true; nodeId: ParsedOpcuaNodeId } | { ok: false; problem: string };

const MAX_STRING_ID = 4096;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses `[ns=<index>;|nsu=<uri>;]<i|s|g|b>=<identifier>`; the problem names what is wrong. Spaces
 * around the text are ignored, as the node configs trim them.
 */
export function parseOpcuaNodeId(text: string): OpcuaNodeIdParse {
  const fail = (problem: string): OpcuaNodeIdParse => ({ ok: false, problem });
  let rest = text.trim();
  if (rest === '') return fail('a NodeId is required');
  let namespace: ParsedOpcuaNodeId['namespace'] = { index: 0 };
  if (rest.startsWith('ns=')) {
    const end = rest.indexOf(';');
    const index = end < 0 ? rest.slice(3) : rest.slice(3, end);
    if (end < 0) return fail('"ns=<index>" must be followed by ";" and the identifier, e.g. ns=1;s=Tag');
    if (!/^\d{1,5}$/.test(index) || Number(index) > 65535)
      return fail(`namespace index "${index}" is not a number from 0 to 65535`);
    namespace = { index: Number(index) };
    rest = rest.slice(end + 1);
  } else if (rest.startsWith('nsu=')) {
    const end = rest.indexOf(';');
    if (end < 0) return fail('"nsu=<uri>" must be followed by ";" and the identifier, e.g. nsu=urn:plc;s=Tag');
    const uri = rest.slice(4, end);
    if (uri === '') return fail('the namespace URI after "nsu=" is empty');
    namespace = { uri };
    rest = rest.slice(end + 1);
  }
  const type = rest.slice(0, 2);
  const identifier = rest.slice(2);
  switch (type) {
    case 'i=':
      if (!/^\d{1,10}$/.test(identifier) || Number(identifier) > 0xffff_ffff)
        return fail(`numeric identifier "${identifier}" is not a whole number from 0 to 4294967295`);
      break;
    case 's=':
      if (identifier === '') return fail('the string identifier after "s=" is empty');
      if (identifier.length > MAX_STRING_ID) return fail(`a string identifier has at most ${MAX_STRING_ID} characters`);
      break;
    case 'g=':
      if (!GUID.test(identifier))
        return fail(`"${identifier}" is not a GUID (8-4-4-4-12 hex digits, e.g. 72962b91-fa75-4ae6-8d28-b404dc7daf63)`);
      break;
    case 'b=':
      if (identifier === '' || !BASE64.test(identifier))
        return fail(`"${identifier}" is not base64 (A-Z a-z 0-9 + /, = padding)`);
      break;
    default: {
      const written = /^[^=;]*=/.exec(rest)?.[0];
      return fail(
        written
          ? `"${written}" is not an identifier type: use i= (number), s= (string), g= (GUID) or b= (base64)`
          : `"${rest}" has no identifier type: write i=, s=, g= or b=, optionally after ns=<index>; or nsu=<uri>;`,
      );
    }
  }
  return { ok: true, nodeId: { namespace, type: type[0] as OpcuaIdentifierType, identifier } };
}

/** What is wrong with a NodeId string, or undefined when it is well formed. */
export function opcuaNodeIdProblem(text: string): string | undefined {
  const r = parseOpcuaNodeId(text);
  return r.ok ? undefined : r.problem;
}

/** The string form of a parsed NodeId (`ns=0` is left out, as servers write it). */
export function formatOpcuaNodeId(id: ParsedOpcuaNodeId): string {
  const ns = 'uri' in id.namespace ? `nsu=${id.namespace.uri};` : id.namespace.index ? `ns=${id.namespace.index};` : '';
  return `${ns}${id.type}=${id.identifier}`;
}

/**
 * The `nsu=<uri>` form of a NodeId given the server's NamespaceArray, which stays valid on a server
 * whose namespace indexes differ. Namespace 0 (the OPC UA namespace, always index 0) and indexes the
 * array lacks keep their `ns=` form; malformed text is returned unchanged.
 */
export function toNamespaceUriNodeId(text: string, namespaceArray: readonly string[]): string {
  const r = parseOpcuaNodeId(text);
  if (!r.ok || !('index' in r.nodeId.namespace) || r.nodeId.namespace.index === 0) return text;
  const uri = namespaceArray[r.nodeId.namespace.index];
  return uri && !uri.includes(';') ? formatOpcuaNodeId({ ...r.nodeId, namespace: { uri } }) : text;
}

/**
 * The `ns=<index>` form of a NodeId given the server's NamespaceArray; other forms are returned
 * unchanged. Throws when the server has no namespace with that URI (the caller words the error).
 */
export function toNamespaceIndexNodeId(text: string, namespaceArray: readonly string[]): string {
  const r = parseOpcuaNodeId(text);
  if (!r.ok || !('uri' in r.nodeId.namespace)) return text;
  const index = namespaceArray.indexOf(r.nodeId.namespace.uri);
  if (index < 0) throw new RangeError(`the server has no namespace "${r.nodeId.namespace.uri}"`);
  return formatOpcuaNodeId({ ...r.nodeId, namespace: { index } });
}
