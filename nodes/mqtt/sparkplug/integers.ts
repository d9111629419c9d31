/**
 * 64-bit integers in and out of the codec. Decoded values are numbers while exact (up to 2^53)
 * and bigint beyond. Encoding takes numbers, bigint, or decimal strings (what a flow sees for
 * values beyond 2^53, so a decoded payload can be sent back unchanged).
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A whole number as bigint, or undefined when `v` is not one. */
export function integerOf(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return BigInt(v.trim());
  return undefined;
}

/** `v` as an int64; `bad` builds the error for anything else. */
export function int64Of(v: unknown, bad: (why: string) => Error): bigint {
  return inRange(v, INT64_MIN, INT64_MAX, bad);
}

export function uint64Of(v: unknown, bad: (why: string) => Error): bigint {
  return inRange(v, 0n, UINT64_MAX, bad);
}

function inRange(v: unknown, min: bigint, max: bigint, bad: (why: string) => Error): bigint {
  const n = integerOf(v);
  if (n === undefined || n < min || n > max) throw bad(`${String(v)} is not an integer in ${min}..${max}`);
  return n;
}

/** A number when exact, else the bigint. */
export function safe(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
