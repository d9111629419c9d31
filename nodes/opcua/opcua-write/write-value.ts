import { UserError } from '@millwright/model';
import type { ClientSession, NodeId } from 'node-opcua';
import { toStructure, variableDataType, variableEnumNames } from '../opcua-endpoint/data-types.js';
import {
  shaped,
  toVariant,
  typeName,
  WRITABLE_TYPES,
  type EnumNames,
  type VariantOptions,
  type WritableType,
} from '../opcua-endpoint/variant.js';

/** How a variable is written, found once from its data type. */
type WritePlan =
  | { kind: 'builtin'; type: WritableType }
  | { kind: 'enum'; names: EnumNames }
  | { kind: 'structure'; dataType: NodeId };

const INT32 = 6;
const EXTENSION_OBJECT = 22;

/**
 * The Variant for a write of `payload` to `nodeId`. With `auto` the variable's type is asked once
 * (per node and NodeId: a variable's type does not change while the server runs): a built-in type
 * converts as `toVariant` does; an enumeration takes its number, a name the server lists or
 * `{ value }` / `{ name }` (what a read with names gives); a structure takes a plain object keyed by
 * the server's field names and is built from its DataTypeDefinition (see decision 0035).
 */
export class WriteValues {
  private readonly plans = new Map<string, WritePlan>();

  constructor(private readonly configured: 'auto' | WritableType) {}

  async variant(
    session: ClientSession,
    nodeId: string,
    payload: unknown,
  ): Promise<{ variant: VariantOptions; dataType: string }> {
    if (this.configured !== 'auto') return { variant: toVariant(payload, this.configured), dataType: this.configured };
    const plan = await this.plan(session, nodeId);
    switch (plan.kind) {
      case 'builtin':
        return { variant: toVariant(payload, plan.type), dataType: plan.type };
      case 'enum':
        return { variant: shaped(payload, INT32, (x) => enumNumber(x, plan.names, nodeId)), dataType: 'Int32' };
      case 'structure': {
        const one = (x: unknown, path: string) => toStructure(session, plan.dataType, x, path);
        const value = Array.isArray(payload)
          ? await Promise.all(payload.map((x, i) => one(x, `msg.payload[${i}]`)))
          : await one(payload, 'msg.payload');
        return {
          variant: { dataType: EXTENSION_OBJECT, ...(Array.isArray(payload) ? { arrayType: 1 } : {}), value },
          dataType: 'ExtensionObject',
        };
      }
    }
  }

  private async plan(session: ClientSession, nodeId: string): Promise<WritePlan> {
    const known = this.plans.get(nodeId);
    if (known) return known;
    const opcua = await import('node-opcua');
    let builtin: number;
    try {
      builtin = await session.getBuiltInDataType(opcua.resolveNodeId(nodeId));
    } catch (err) {
      throw new UserError('opcua_write_refused', `cannot find the data type of ${nodeId}: ${String(err)}`, err);
    }
    let plan: WritePlan;
    if (builtin === EXTENSION_OBJECT) {
      const dataType = await variableDataType(session, nodeId).catch((err: unknown) => {
        throw new UserError('opcua_write_refused', `cannot find the data type of ${nodeId}: ${String(err)}`, err);
      });
      plan = { kind: 'structure', dataType };
    } else {
      // An Int32 whose names cannot be found is written as a plain Int32.
      const names = builtin === INT32 ? await variableEnumNames(session, nodeId).catch(() => null) : null;
      const name = typeName(builtin);
      const writable = WRITABLE_TYPES.find((t) => t === name);
      if (names) plan = { kind: 'enum', names };
      else if (writable) plan = { kind: 'builtin', type: writable };
      else
        throw new UserError(
          'opcua_unsupported_type',
          `${nodeId} has type ${name ?? builtin}, which this node cannot write`,
        );
    }
    this.plans.set(nodeId, plan);
    return plan;
  }
}

/** An enumeration value given as its number, its name, or `{ value }` / `{ name }`. */
function enumNumber(x: unknown, names: EnumNames, nodeId: string): number {
  const bad = (why: string) =>
    new UserError(
      'opcua_bad_value',
      `cannot write ${JSON.stringify(x) ?? String(x)} to ${nodeId}: ${why} (${[...names].map(([v, n]) => `${v} ${n}`).join(', ')})`,
    );
  let v: unknown = x;
  if (typeof x === 'object' && x !== null) v = Reflect.get(x, 'value') ?? Reflect.get(x, 'name');
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) v = Number(v);
  if (typeof v === 'string') {
    const hit = [...names].find(([, n]) => n === v);
    if (!hit) throw bad('no such name in the enumeration');
    return hit[0];
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw bad('expected a number or a name of the enumeration');
  if (!names.has(v)) throw bad('not a value of the enumeration');
  return v;
}
