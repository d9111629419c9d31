import { UserError } from '@millwright/model';
import type { ClientSession, ExtensionObject, NodeId } from 'node-opcua';
import { coerce, schemaFields, WRITABLE_TYPES, type EnumNames, type WritableType } from './variant.js';

/**
 * What the server says about data types, asked once per session: a variable's DataType, an
 * enumeration's names, and structures built from the server's DataTypeDefinition. A new session
 * (another server, a restarted one) starts with empty caches; a failed lookup is not cached.
 */
interface SessionTypes {
  variableTypes: Map<string, Promise<NodeId>>;
  enums: Map<string, Promise<EnumNames | null>>;
}

const caches = new WeakMap<ClientSession, SessionTypes>();

function cacheOf(session: ClientSession): SessionTypes {
  let c = caches.get(session);
  if (!c) caches.set(session, (c = { variableTypes: new Map(), enums: new Map() }));
  return c;
}

function remembered<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = load();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}

const VALUE = 13;
const DATA_TYPE = 14;

/** The DataType attribute of a variable (e.g. `ns=2;i=6244` for a DI DeviceHealthEnumeration). */
export function variableDataType(session: ClientSession, nodeId: string): Promise<NodeId> {
  return remembered(cacheOf(session).variableTypes, nodeId, async () => {
    const dv = await session.read({ nodeId, attributeId: DATA_TYPE });
    if (dv.statusCode.isBad()) throw new Error(`cannot read the data type of ${nodeId}: ${dv.statusCode.name}`);
    return dv.value.value as NodeId;
  });
}

/**
 * The names of an enumeration DataType's values from its EnumStrings (values 0..n-1) or
 * EnumValues property; null when the type has neither (a plain Int32, not an enumeration).
 */
export function enumNames(session: ClientSession, dataType: NodeId): Promise<EnumNames | null> {
  // Built-in types (ns=0;i=1..25, Int32 among them) have no names; Enumeration (i=29) is abstract.
  if (dataType.namespace === 0 && typeof dataType.value === 'number' && dataType.value <= 29)
    return Promise.resolve(null);
  return remembered(cacheOf(session).enums, dataType.toString(), async () => {
    const opcua = await import('node-opcua');
    const [strings, values] = await session.translateBrowsePath([
      opcua.makeBrowsePath(dataType, '/0:EnumStrings'),
      opcua.makeBrowsePath(dataType, '/0:EnumValues'),
    ]);
    const property = strings?.targets?.[0]?.targetId ?? values?.targets?.[0]?.targetId;
    if (!property) return null;
    const dv = await session.read({ nodeId: property, attributeId: VALUE });
    const list: unknown = dv.value?.value;
    if (dv.statusCode.isBad() || !Array.isArray(list)) return null;
    const names = new Map<number, string>();
    list.forEach((entry: unknown, i) => {
      if (strings?.targets?.[0]) {
        names.set(i, text(entry));
      } else {
        // EnumValueType { Value: Int64 as [high, low], DisplayName, Description }
        const raw: unknown = Reflect.get(entry as object, 'value');
        const value = Array.isArray(raw) ? Number(raw[1]) + Number(raw[0]) * 2 ** 32 : Number(raw);
        names.set(value, text(Reflect.get(entry as object, 'displayName')));
      }
    });
    return names;
  });
}

/** The enumeration names of a variable's DataType, or null when it is no enumeration. */
export async function variableEnumNames(session: ClientSession, nodeId: string): Promise<EnumNames | null> {
  return enumNames(session, await variableDataType(session, nodeId));
}

function text(v: unknown): string {
  const t: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'text') : v;
  return typeof t === 'string' ? t : String(t);
}

/**
 * A structure of `dataType` built from a plain object keyed by the field names of the server's
 * DataTypeDefinition (`{ Name, Quantity, Steps: [...] }`), nested structures alike. Every field
 * that is not optional must be given; unknown keys are refused: a typo must not write a default.
 * Throws UserError `opcua_bad_value` with the expected field names.
 */
export async function toStructure(
  session: ClientSession,
  dataType: NodeId,
  json: unknown,
  path = 'msg.payload',
): Promise<ExtensionObject> {
  const blank = await session.constructExtensionObject(dataType, {}).catch((err: unknown) => {
    throw new UserError(
      'opcua_unsupported_type',
      `cannot build a structure of data type ${dataType.toString()} from the server's definition: ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  });
  const fields = schemaFields(blank) ?? [];
  const names = fields.map((f) => f.originalName || f.name);
  const bad = (why: string) =>
    new UserError('opcua_bad_value', `${path}: ${why} (fields of ${typeNameOf(blank)}: ${names.join(', ')})`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('expected an object');
  const given = json as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !names.includes(k));
  if (unknown.length) throw bad(`unknown field ${unknown.join(', ')}`);
  const pojo: Record<string, unknown> = {};
  for (const f of fields as Array<(typeof fields)[number] & FieldExtras>) {
    const key = f.originalName || f.name;
    const x = given[key];
    if (x === undefined || x === null) {
      if (f.switchBit !== undefined) continue; // an optional field left out
      throw bad(`missing field ${key}`);
    }
    const at = `${path}.${key}`;
    const one = async (e: unknown, i?: number): Promise<unknown> => {
      const here = i === undefined ? at : `${at}[${i}]`;
      if (f.category === 'complex' && f.dataType) return toStructure(session, f.dataType, e, here);
      const type = WRITABLE_TYPES.find((t) => t === f.fieldType) ?? (f.category === 'enumeration' ? 'Int32' : null);
      return type ? coerceField(e, type, here) : e;
    };
    if (Array.isArray(x)) pojo[f.name] = await Promise.all(x.map((e, i) => one(e, i)));
    else if (f.isArray) throw new UserError('opcua_bad_value', `${at}: expected an array`);
    else pojo[f.name] = await one(x);
  }
  return session.constructExtensionObject(dataType, pojo);
}

interface FieldExtras {
  category?: string;
  dataType?: NodeId;
  isArray?: boolean;
  switchBit?: number;
}

function coerceField(value: unknown, type: WritableType, path: string): unknown {
  try {
    return coerce(value, type);
  } catch (err) {
    throw new UserError('opcua_bad_value', `${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function typeNameOf(v: unknown): string {
  const schema: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'schema') : undefined;
  const name: unknown = typeof schema === 'object' && schema !== null ? Reflect.get(schema, 'name') : undefined;
  return typeof name === 'string' ? name : 'the structure';
}
