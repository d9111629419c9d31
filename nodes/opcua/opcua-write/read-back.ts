import { isDeepStrictEqual } from 'node:util';
import { OutcomeUnknownError } from '@millwright/model';
import { errorText } from '../opcua-endpoint/error-text.js';
import type { OpcuaConnection } from '../opcua-endpoint/opcua-connection.js';
import { fromVariant, typeName, type VariantOptions } from '../opcua-endpoint/variant.js';

const VALUE_ATTRIBUTE = 13;

/**
 * After a write without an answer: waits up to `timeoutMs` for the connection, reads the variable
 * and says whether it holds the written value. `not_applied` means it did not when read: a write
 * the server still held on the lost connection could in theory land later. Throws
 * `outcome_unknown` when the connection does not come back in time or the read fails.
 */
export async function readBack(args: {
  connection: OpcuaConnection;
  nodeId: string;
  variant: VariantOptions;
  timeoutMs: number;
  idempotent: boolean;
  /** Why the write's answer is missing, for the error message. */
  why: string;
}): Promise<'applied' | 'not_applied'> {
  const { connection, nodeId } = args;
  const deadline = Date.now() + args.timeoutMs;
  const unknown = (reason: string, cause?: unknown) =>
    new OutcomeUnknownError(`write of ${nodeId}: ${args.why}; read-back failed: ${reason}`, {
      idempotent: args.idempotent,
      cause,
    });
  let value: unknown;
  try {
    const session = await connection.session(args.timeoutMs);
    const left = Math.max(1, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const dv = await Promise.race([
      session.read({ nodeId, attributeId: VALUE_ATTRIBUTE }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${left} ms`)), left))),
    ]).finally(() => clearTimeout(timer));
    if (dv.statusCode.isBad()) throw new Error(dv.statusCode.name);
    value = fromVariant(dv.value);
  } catch (err) {
    throw unknown(errorText(err), err);
  }
  return sameValue(value, fromVariant(args.variant), typeName(args.variant.dataType)) ? 'applied' : 'not_applied';
}

/** Whether the value read equals the one written; a Float is compared at 32-bit precision, as stored. */
export function sameValue(read: unknown, written: unknown, type: string | undefined): boolean {
  const norm = (v: unknown): unknown =>
    type === 'Float' && typeof v === 'number' ? Math.fround(v) : Array.isArray(v) ? v.map(norm) : v;
  return isDeepStrictEqual(norm(read), norm(written));
}
