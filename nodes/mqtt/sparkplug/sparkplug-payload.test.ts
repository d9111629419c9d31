import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, type SparkplugPayload } from './sparkplug-payload.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('Sparkplug B payload codec', () => {
  // Byte vectors built by hand from the protobuf encoding rules and sparkplug_b.proto field numbers.
  it('encodes a payload with a double metric exactly', () => {
    const payload: SparkplugPayload = {
      timestamp: 1000,
      metrics: [{ name: 'a', datatype: 'Double', value: 1.5 }],
      seq: 1,
    };
    // 08 e807: timestamp=1000 | 12 0e ...: metric (14 bytes) | 18 01: seq=1
    // metric: 0a 01 61 name="a" | 20 0a datatype=10 | 69 + 8 bytes LE double 1.5
    const expected = '08e807 120e 0a0161 200a 69000000000000f83f 1801'.replace(/\s/g, '');
    expect(hex(encodePayload(payload))).toBe(expected);
    expect(decodePayload(bytes(expected))).toEqual(payload);
  });

  it('stores negative Int32 as a 32-bit two complement varint and reads it back', () => {
    const enc = encodePayload({ metrics: [{ alias: 3, datatype: 'Int32', value: -1 }] });
    // 12 0a | 10 03 alias=3 | 20 03 datatype=3 | 50 ffffffff0f int_value=0xffffffff
    expect(hex(enc)).toBe('120a' + '1003' + '2003' + '50ffffffff0f');
    expect(decodePayload(enc).metrics[0]).toEqual({ alias: 3, datatype: 'Int32', value: -1 });
  });

  it('reads Int8 written with 64-bit sign extension as other implementations do', () => {
    // int_value = -2 sign-extended to 64 bits: fe ff ff ff ff ff ff ff ff 01
    const other = bytes('120d' + '2001' + '50feffffffffffffffff01');
    expect(decodePayload(other).metrics[0]?.value).toBe(-2);
  });

  it('round-trips every scalar type, null and flags', () => {
    const payload: SparkplugPayload = {
      timestamp: 1_700_000_000_123,
      seq: 255,
      uuid: 'u-1',
      body: new Uint8Array([9]),
      metrics: [
        { name: 'i8', datatype: 'Int8', value: -128 },
        { name: 'i16', datatype: 'Int16', value: -300 },
        { name: 'u8', datatype: 'UInt8', value: 255 },
        { name: 'u16', datatype: 'UInt16', value: 65535 },
        { name: 'u32', datatype: 'UInt32', value: 4294967295 },
        { name: 'i64', datatype: 'Int64', value: -5 },
        { name: 'big', datatype: 'UInt64', value: 2n ** 64n - 1n },
        { name: 'f', datatype: 'Float', value: 0.5 },
        { name: 'b', datatype: 'Boolean', value: false, timestamp: 5 },
        { name: 's', datatype: 'String', value: 'héllo' },
        { name: 'dt', datatype: 'DateTime', value: 1_700_000_000_000 },
        { name: 'raw', datatype: 'Bytes', value: new Uint8Array([0, 255]) },
        { name: 'n', datatype: 'Double', value: null },
        { name: 'h', datatype: 'Double', value: 2, isHistorical: true, isTransient: true },
      ],
    };
    expect(decodePayload(encodePayload(payload))).toEqual(payload);
  });

  it('skips unknown fields and flags data sets and templates it does not read', () => {
    // metric: name "d", datatype 16 (DataSet), dataset_value (field 17, LEN) with 2 opaque bytes; payload field 9 unknown varint
    const enc = bytes('120a' + '0a0164' + '2010' + '8a01020000' + '4807');
    expect(decodePayload(enc)).toEqual({
      metrics: [{ name: 'd', datatype: 'DataSet', value: null, unsupported: true }],
    });
  });

  it('refuses values that do not fit and bytes that are not a payload', () => {
    expect(() => encodePayload({ metrics: [{ name: 'x', datatype: 'UInt8', value: 256 }] })).toThrow(/0\.\.255/);
    expect(() => encodePayload({ metrics: [{ name: 'x', datatype: 'Boolean', value: 1 }] })).toThrow(/true or false/);
    expect(() => decodePayload(bytes('12ff'))).toThrow(expect.objectContaining({ code: 'sparkplug_bad_payload' }));
  });
});
