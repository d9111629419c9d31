import { describe, expect, it } from 'vitest';
import { flowValue, metricsObject } from './metric-values.js';
import {
  decodePayload,
  encodePayload,
  withDataType,
  type SparkplugMetric,
  type SparkplugPayload,
} from './sparkplug-payload.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
/** A length-delimited field in hex: tag, length (under 128), body. */
const ld = (tag: string, body: string) => tag + (body.length / 2).toString(16).padStart(2, '0') + body;

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

  it('skips unknown fields and flags extension values, which Sparkplug does not define', () => {
    // metric: name "x", datatype 0, extension_value (field 19, LEN) with 2 opaque bytes; payload field 9 unknown varint
    const enc = bytes(ld('12', '0a0178' + '2000' + ld('9a01', '0000')) + '4807');
    expect(decodePayload(enc)).toEqual({ metrics: [{ name: 'x', datatype: 'Unknown', unsupported: true }] });
  });

  it('reads a DataSet whose types are a packed repeated field', () => {
    // dataset: num_of_columns 2 | columns "a","b" | types packed [3, 12] | row [int 5, string "z"]
    const row = ld('22', ld('0a', '0805') + ld('0a', ld('32', '7a')));
    const ds = '0802' + ld('12', '61') + ld('12', '62') + ld('1a', '030c') + row;
    const enc = bytes(ld('12', '0a0164' + '2010' + ld('8a01', ds)));
    expect(decodePayload(enc).metrics[0]).toEqual({
      name: 'd',
      datatype: 'DataSet',
      value: { columns: ['a', 'b'], types: ['Int32', 'String'], rows: [[5, 'z']] },
    });
  });

  it('reads a Buffer into plain Uint8Array values and UInt32 written in long_value as older Tahu writes it', () => {
    const enc = Buffer.from(encodePayload({ metrics: [{ name: 'b', datatype: 'Bytes', value: new Uint8Array([1]) }] }));
    const value = decodePayload(enc).metrics[0]?.value;
    expect(value).toEqual(new Uint8Array([1]));
    expect(Buffer.isBuffer(value)).toBe(false);
    // datatype 7 (UInt32), long_value (field 11) 4294967295
    expect(decodePayload(bytes(ld('12', '2007' + '58ffffffff0f'))).metrics[0]?.value).toBe(4294967295);
  });

  it('reads a data message without data types as the types its birth declared (withDataType)', () => {
    // Three metrics by alias, no datatype field: int_value -2 as 32-bit two's complement, bytes_value
    // [-1, 2] as little-endian int16, long_value -(2^62) as 64-bit two's complement.
    const data = bytes(
      '1208' +
        '1001' +
        '50feffffff0f' +
        '1209' +
        '1002' +
        '8201' +
        '04ffff0200' +
        '120d' +
        '1003' +
        '588080808080808080c001',
    );
    const raw = decodePayload(data).metrics;
    expect(raw.map((m) => [m.datatype, m.value])).toEqual([
      ['Unknown', 4294967294],
      ['Unknown', new Uint8Array([0xff, 0xff, 2, 0])],
      ['Unknown', 2n ** 64n - 2n ** 62n],
    ]);
    const born = ['Int16', 'Int16Array', 'Int64'] as const;
    expect(raw.map((m, i) => withDataType(m, born[i] ?? 'Unknown'))).toEqual([
      { alias: 1, datatype: 'Int16', value: -2 },
      { alias: 2, datatype: 'Int16Array', value: [-1, 2] },
      { alias: 3, datatype: 'Int64', value: -(2n ** 62n) },
    ]);
    // bytes that do not unpack as the declared array type stay raw and untyped
    const odd: SparkplugMetric = { alias: 9, datatype: 'Unknown', value: new Uint8Array([1, 2, 3]) };
    expect(withDataType(odd, 'Int16Array')).toEqual(odd);
  });

  it('refuses values and structures that break the 3.0 rules, naming the metric', () => {
    // Flows send untyped values: `m` is what a flow might send, not a well-typed metric.
    const refuse = (m: { name: string; datatype: string; value: unknown; properties?: unknown }, message: RegExp) =>
      expect(() => encodePayload({ metrics: [m as SparkplugMetric] })).toThrow(
        expect.objectContaining({ code: 'sparkplug_bad_metric', message: expect.stringMatching(message) }),
      );
    refuse(
      { name: 'a', datatype: 'Int8Array', value: [1, 128] },
      /a \(Int8Array\): element 1: 128 is not an integer in -128\.\.127/,
    );
    refuse({ name: 'a', datatype: 'StringArray', value: ['a\0b'] }, /NUL/);
    refuse({ name: 'a', datatype: 'BooleanArray', value: [true, 1] }, /element 1 is not true or false/);
    refuse({ name: 'a', datatype: 'UInt64', value: -1 }, /not an integer in 0\.\.18446744073709551615/);
    refuse({ name: 'a', datatype: 'Int64', value: 2n ** 63n }, /not an integer/);
    refuse({ name: 'p', datatype: 'PropertySet', value: 1 }, /use `properties`/);
    const ds = { columns: ['a', 'b'], types: ['Int32', 'String'], rows: [[1, 'x']] };
    refuse({ name: 'd', datatype: 'DataSet', value: { ...ds, types: ['Int32'] } }, /one type per column \(2\)/);
    refuse(
      { name: 'd', datatype: 'DataSet', value: { ...ds, types: ['Int32', 'Bytes'] } },
      /Bytes is not a basic type/,
    );
    refuse({ name: 'd', datatype: 'DataSet', value: { ...ds, rows: [[1]] } }, /row 0 must be an array of 2 cells/);
    refuse(
      { name: 'd', datatype: 'DataSet', value: { ...ds, rows: [['x', 'y']] } },
      /row 0 column 0: x is not an integer/,
    );
    // tck-id-payloads-template-definition-ref, tck-id-payloads-template-instance-ref
    refuse(
      { name: 't', datatype: 'Template', value: { isDefinition: true, templateRef: 'X', metrics: [] } },
      /definition has no templateRef/,
    );
    refuse(
      { name: 't', datatype: 'Template', value: { isDefinition: false, metrics: [] } },
      /instance needs a templateRef/,
    );
    refuse(
      {
        name: 't',
        datatype: 'Template',
        value: { isDefinition: false, templateRef: 'X', metrics: [{ name: 'm', datatype: 'Int8', value: 300 }] },
      },
      /metric t member m \(Int8\)/,
    );
    refuse(
      { name: 't', datatype: 'Template', value: { isDefinition: false, templateRef: 'X', metrics: [null] } },
      /template members must be metrics/,
    );
    refuse(
      { name: 'x', datatype: 'Float', value: 1, properties: { u: { type: 'Bytes', value: new Uint8Array() } } },
      /property u: Bytes cannot be a property value/,
    );
  });

  it('refuses array bytes and property sets that do not fit the type as a bad payload', () => {
    const bad = (message: RegExp) =>
      expect.objectContaining({ code: 'sparkplug_bad_payload', message: expect.stringMatching(message) });
    // datatype 23 (Int16Array), bytes_value of 3 bytes
    expect(() => decodePayload(bytes(ld('12', '2017' + ld('8201', '010203'))))).toThrow(bad(/not a multiple of 2/));
    // datatype 32 (BooleanArray), count 9 with one byte of bits
    expect(() => decodePayload(bytes(ld('12', '2020' + ld('8201', '0900000001'))))).toThrow(
      bad(/BooleanArray of 9 values in 1 bytes/),
    );
    // properties: keys "a" and "b", one value (tck-id-payloads-propertyset-keys-array-size)
    const props = ld('4a', ld('0a', '61') + ld('0a', '62') + ld('12', '0803'));
    expect(() => decodePayload(bytes(ld('12', '2009' + props)))).toThrow(bad(/2 keys and 1 values/));
  });

  it('gives flows 64-bit values beyond 2^53 as decimal strings at any depth, and takes them back', () => {
    const metrics: SparkplugMetric[] = [
      { name: 'a', datatype: 'UInt64Array', value: [1, 2n ** 64n - 1n] },
      { name: 'd', datatype: 'DataSet', value: { columns: ['c'], types: ['Int64'], rows: [[-(2n ** 60n)]] } },
      { name: 'n', datatype: 'Double', value: null },
    ];
    const decoded = decodePayload(encodePayload({ metrics })).metrics;
    const shown = metricsObject(decoded);
    expect(shown).toEqual({
      a: [1, '18446744073709551615'],
      d: { columns: ['c'], types: ['Int64'], rows: [['-1152921504606846976']] },
      n: null,
    });
    const back = decoded.map((m) => ({ ...m, value: flowValue(m.value) as SparkplugMetric['value'] }));
    expect(decodePayload(encodePayload({ metrics: back })).metrics).toEqual(metrics);
  });

  it('refuses values that do not fit and bytes that are not a payload', () => {
    expect(() => encodePayload({ metrics: [{ name: 'x', datatype: 'UInt8', value: 256 }] })).toThrow(/0\.\.255/);
    expect(() => encodePayload({ metrics: [{ name: 'x', datatype: 'Boolean', value: 1 }] })).toThrow(/true or false/);
    expect(() => decodePayload(bytes('12ff'))).toThrow(expect.objectContaining({ code: 'sparkplug_bad_payload' }));
  });
});
