import { describe, expect, it } from 'vitest';
import { parsePayload } from './payload.js';

const b = (s: string) => Buffer.from(s);

describe('payload parsing', () => {
  it('auto-detects JSON, then text, then bytes', () => {
    expect(parsePayload(b('{"t":21.5}'), 'auto')).toEqual({ t: 21.5 });
    expect(parsePayload(b(' [1,2] '), 'auto')).toEqual([1, 2]);
    expect(parsePayload(b('42.5'), 'auto')).toBe(42.5);
    expect(parsePayload(b('true'), 'auto')).toBe(true);
    expect(parsePayload(b('running'), 'auto')).toBe('running');
    expect(parsePayload(b('{not json'), 'auto')).toBe('{not json');
    expect(parsePayload(b(''), 'auto')).toBe('');
    const bytes = parsePayload(Buffer.from([0xff, 0xfe, 0x00]), 'auto');
    expect(bytes).toEqual(new Uint8Array([0xff, 0xfe, 0x00]));
    expect(Buffer.isBuffer(bytes)).toBe(false);
  });

  it('forces a format when asked', () => {
    expect(parsePayload(b('42'), 'text')).toBe('42');
    expect(parsePayload(b('42'), 'binary')).toEqual(new Uint8Array([0x34, 0x32]));
    expect(parsePayload(b('"x"'), 'json')).toBe('x');
    expect(() => parsePayload(b('running'), 'json')).toThrow(expect.objectContaining({ code: 'mqtt_bad_json' }));
  });
});
