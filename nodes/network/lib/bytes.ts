import { UserError } from '@millwright/model';

/** How received bytes become `msg.payload`: bytes, UTF-8 text, or base64 text. */
export const DATA_FORMATS = ['buffer', 'utf8', 'base64'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Received bytes as `msg.payload` in `format`. Bytes are copied out of Node's pooled buffers. */
export function fromBytes(buf: Buffer, format: DataFormat): Uint8Array | string {
  if (format === 'utf8') return buf.toString('utf8');
  if (format === 'base64') return buf.toString('base64');
  return new Uint8Array(buf);
}

/**
 * `payload` as bytes to write: bytes as they are, strings as UTF-8 (or decoded from base64 when
 * `base64` is set), nothing as no bytes, anything else as JSON (Node-RED writes `String(payload)`,
 * which turns objects into "[object Object]").
 */
export function toBytes(payload: unknown, base64 = false): Buffer {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (typeof payload === 'string') {
    if (!base64) return Buffer.from(payload, 'utf8');
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(payload))
      throw new UserError('net_bad_base64', 'msg.payload is not base64 text (the node decodes base64 before sending)');
    return Buffer.from(payload, 'base64');
  }
  if (typeof payload === 'number' || typeof payload === 'boolean' || typeof payload === 'bigint')
    return Buffer.from(String(payload), 'utf8');
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

/**
 * A delimiter as typed in a form: escapes `\n`, `\r`, `\t`, `\0`, `\\` and `\xNN`, or a whole
 * `0xNN` hex byte (Node-RED's tcp request accepts both). Empty: no delimiter.
 */
export function parseDelimiter(text: string): Buffer {
  if (/^0x[0-9a-f]{2}$/i.test(text)) return Buffer.from([parseInt(text.slice(2), 16)]);
  const out = text.replace(/\\(x[0-9a-fA-F]{2}|[nrt0\\])/g, (_m, e: string) => {
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\' }[e] ?? e;
  });
  return Buffer.from(out, 'latin1');
}
