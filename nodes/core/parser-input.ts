/** Helpers shared by the parser nodes (json, xml, yaml): what the input is, in words and as text. */

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The text of a string or of UTF-8 bytes (a Buffer or Uint8Array); undefined for any other value. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return utf8.decode(value);
  return undefined;
}

/** A value's kind for error messages: "a string", "a number", "an array", "null"... */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Date) return 'a date';
  const t = typeof value;
  return t === 'object' || t === 'undefined' ? `an ${t}` : `a ${t}`;
}

/** A plain object or array: what the xml and yaml nodes serialise. */
export function isSerialisable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !(value instanceof Date);
}
