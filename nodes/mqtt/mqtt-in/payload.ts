import { UserError } from '@millwright/model';

export const PAYLOAD_FORMATS = ['auto', 'json', 'text', 'binary'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a received payload into message data.
 * - `binary`: a Uint8Array (a copy, so the message does not hold mqtt.js's buffer).
 * - `text`: the UTF-8 text (invalid sequences replaced).
 * - `json`: the parsed JSON; UserError `mqtt_bad_json` if it is not JSON.
 * - `auto`: parsed JSON if the text is JSON (objects, arrays, numbers, booleans, null, quoted
 *   strings), else the text if it is valid UTF-8, else bytes. An empty payload is an empty string.
 */
export function parsePayload(payload: Uint8Array, format: PayloadFormat): unknown {
  if (format === 'binary') return new Uint8Array(payload);
  if (format === 'text') return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  if (format === 'json') {
    const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed;
    } catch (err) {
      throw new UserError(
        'mqtt_bad_json',
        `payload is not JSON: ${err instanceof Error ? err.message : String(err)}`,
        err,
      );
    }
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return new Uint8Array(payload);
  }
  const t = text.trim();
  if (t && /^[{["\-0-9tfn]/.test(t)) {
    try {
      const parsed: unknown = JSON.parse(t);
      return parsed;
    } catch {
      // not JSON: plain text
    }
  }
  return text;
}
