/**
 * Conformance of Millwright's hand-written Sparkplug B codec with the official schema: Eclipse
 * Tahu's sparkplug_b.proto as compiled by protobufjs (the `sparkplug-payload` npm package ships
 * it as lib/sparkplugPayloadProto.js, a pbjs static module; a devDependency only).
 *
 * Each case gives one metric twice: as Millwright decodes it, and as protobufjs' toObject shows
 * it (uint64 fields as decimal strings, bytes as arrays). Every case checks both directions and
 * that both encoders write the same bytes. Test names carry the Sparkplug 3.0 normative
 * statement ids (tck-id-...) where one applies.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { flowValue } from './metric-values.js';
import { decodePayload, encodePayload, type SparkplugMetric, type SparkplugPayload } from './sparkplug-payload.js';

interface ProtoType {
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: object): Record<string, unknown>;
}
const require = createRequire(import.meta.url);
const tahu = require('sparkplug-payload/lib/sparkplugPayloadProto.js') as {
  org: { eclipse: { tahu: { protobuf: { Payload: ProtoType } } } };
};
const Payload = tahu.org.eclipse.tahu.protobuf.Payload;

const tahuDecode = (bytes: Uint8Array) => Payload.toObject(Payload.decode(bytes), { longs: String, bytes: Array });
const tahuEncode = (payload: object) => Payload.encode(payload).finish();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** A 64-bit two's complement value as protobufjs shows an unsigned long. */
const u64 = (v: bigint) => BigInt.asUintN(64, v).toString();
const u32 = (v: number) => v >>> 0;
/** Bytes written by Node's Buffer API, independently of the codec. */
const le = (size: number, write: (b: Buffer, at: number, x: never) => void, xs: unknown[]) => {
  const b = Buffer.alloc(size * xs.length);
  xs.forEach((x, i) => write(b, i * size, x as never));
  return [...b];
};

interface Case {
  id: string;
  mw: SparkplugMetric;
  proto: Record<string, unknown>;
}

const UNICODE = 'Grüße 🏭 工場 ✓';

const scalarCases: Case[] = [
  {
    id: 'Int8 minimum',
    mw: { name: 'i8', datatype: 'Int8', value: -128 },
    proto: { datatype: 1, intValue: u32(-128) },
  },
  {
    id: 'Int16 minimum',
    mw: { name: 'i16', datatype: 'Int16', value: -32768 },
    proto: { datatype: 2, intValue: u32(-32768) },
  },
  {
    id: 'Int32 minimum',
    mw: { name: 'i32', datatype: 'Int32', value: -2147483648 },
    proto: { datatype: 3, intValue: 2147483648 },
  },
  {
    id: 'Int64 minimum (bigint)',
    mw: { name: 'i64', datatype: 'Int64', value: -(2n ** 63n) },
    proto: { datatype: 4, longValue: u64(-(2n ** 63n)) },
  },
  { id: 'Int64 -1', mw: { name: 'i64m1', datatype: 'Int64', value: -1 }, proto: { datatype: 4, longValue: u64(-1n) } },
  {
    id: 'Int64 beyond 2^53',
    mw: { name: 'i64big', datatype: 'Int64', value: 2n ** 53n + 1n },
    proto: { datatype: 4, longValue: (2n ** 53n + 1n).toString() },
  },
  { id: 'UInt8 maximum', mw: { name: 'u8', datatype: 'UInt8', value: 255 }, proto: { datatype: 5, intValue: 255 } },
  {
    id: 'UInt16 maximum',
    mw: { name: 'u16', datatype: 'UInt16', value: 65535 },
    proto: { datatype: 6, intValue: 65535 },
  },
  {
    id: 'UInt32 maximum',
    mw: { name: 'u32', datatype: 'UInt32', value: 4294967295 },
    proto: { datatype: 7, intValue: 4294967295 },
  },
  {
    id: 'UInt64 maximum',
    mw: { name: 'u64', datatype: 'UInt64', value: 2n ** 64n - 1n },
    proto: { datatype: 8, longValue: (2n ** 64n - 1n).toString() },
  },
  { id: 'Float NaN', mw: { name: 'fnan', datatype: 'Float', value: NaN }, proto: { datatype: 9, floatValue: NaN } },
  {
    id: 'Float -Infinity',
    mw: { name: 'finf', datatype: 'Float', value: -Infinity },
    proto: { datatype: 9, floatValue: -Infinity },
  },
  {
    id: 'Float 3.14 at float precision',
    mw: { name: 'fpi', datatype: 'Float', value: Math.fround(3.14) },
    proto: { datatype: 9, floatValue: Math.fround(3.14) },
  },
  {
    id: 'Double Infinity',
    mw: { name: 'dinf', datatype: 'Double', value: Infinity },
    proto: { datatype: 10, doubleValue: Infinity },
  },
  { id: 'Double NaN', mw: { name: 'dnan', datatype: 'Double', value: NaN }, proto: { datatype: 10, doubleValue: NaN } },
  {
    id: 'Double maximum',
    mw: { name: 'dmax', datatype: 'Double', value: Number.MAX_VALUE },
    proto: { datatype: 10, doubleValue: Number.MAX_VALUE },
  },
  {
    id: 'Boolean false',
    mw: { name: 'b', datatype: 'Boolean', value: false },
    proto: { datatype: 11, booleanValue: false },
  },
  {
    id: 'String unicode',
    mw: { name: UNICODE, datatype: 'String', value: UNICODE },
    proto: { name: UNICODE, datatype: 12, stringValue: UNICODE },
  },
  { id: 'String empty', mw: { name: 's0', datatype: 'String', value: '' }, proto: { datatype: 12, stringValue: '' } },
  {
    id: 'DateTime',
    mw: { name: 'dt', datatype: 'DateTime', value: 1_700_000_000_123 },
    proto: { datatype: 13, longValue: '1700000000123' },
  },
  {
    id: 'Text',
    mw: { name: 'txt', datatype: 'Text', value: 'line 1\nline 2' },
    proto: { datatype: 14, stringValue: 'line 1\nline 2' },
  },
  {
    id: 'UUID',
    mw: { name: 'uuid', datatype: 'UUID', value: '123e4567-e89b-12d3-a456-426614174000' },
    proto: { datatype: 15, stringValue: '123e4567-e89b-12d3-a456-426614174000' },
  },
  {
    id: 'Bytes',
    mw: { name: 'raw', datatype: 'Bytes', value: new Uint8Array([0, 255, 1]) },
    proto: { datatype: 17, bytesValue: [0, 255, 1] },
  },
];

const arrayCases: Case[] = [
  // Vectors from the Sparkplug 3.0 array examples (6.4.17) where the spec's bytes match its text.
  // Its Int8Array example gives 0xEF for -23, which is -17; -23 is 0xE9.
  {
    id: 'Int8Array',
    mw: { name: 'a', datatype: 'Int8Array', value: [-23, 123] },
    proto: { datatype: 22, bytesValue: [0xe9, 0x7b] },
  },
  {
    id: 'Int16Array',
    mw: { name: 'a', datatype: 'Int16Array', value: [-30000, 30000] },
    proto: { datatype: 23, bytesValue: [0xd0, 0x8a, 0x30, 0x75] },
  },
  {
    id: 'Int32Array',
    mw: { name: 'a', datatype: 'Int32Array', value: [-1, 315338746] },
    proto: { datatype: 24, bytesValue: [0xff, 0xff, 0xff, 0xff, 0xfa, 0xaf, 0xcb, 0x12] },
  },
  {
    id: 'Int64Array',
    mw: { name: 'a', datatype: 'Int64Array', value: [-4270929666821191986n, -3601064768563266876n] },
    proto: {
      datatype: 25,
      bytesValue: [0xce, 0x06, 0x72, 0xac, 0x18, 0x9c, 0xba, 0xc4, 0xc4, 0xba, 0x9c, 0x18, 0xac, 0x72, 0x06, 0xce],
    },
  },
  {
    id: 'UInt8Array',
    mw: { name: 'a', datatype: 'UInt8Array', value: [23, 250] },
    proto: { datatype: 26, bytesValue: [0x17, 0xfa] },
  },
  {
    id: 'UInt16Array',
    mw: { name: 'a', datatype: 'UInt16Array', value: [30, 52360] },
    proto: { datatype: 27, bytesValue: [0x1e, 0x00, 0x88, 0xcc] },
  },
  {
    id: 'UInt32Array',
    mw: { name: 'a', datatype: 'UInt32Array', value: [52, 3293969225] },
    proto: { datatype: 28, bytesValue: [0x34, 0, 0, 0, 0x49, 0xfb, 0x55, 0xc4] },
  },
  {
    id: 'UInt64Array',
    mw: { name: 'a', datatype: 'UInt64Array', value: [52, 16444743074749521625n] },
    proto: {
      datatype: 29,
      bytesValue: [0x34, 0, 0, 0, 0, 0, 0, 0, 0xd9, 0x9e, 0x02, 0xd1, 0xb2, 0x76, 0x37, 0xe4],
    },
  },
  {
    id: 'BooleanArray (4-byte count, bit-packed, first value in the high bit)',
    mw: {
      name: 'a',
      datatype: 'BooleanArray',
      value: [false, false, true, true, false, true, false, false, true, true, false, true],
    },
    proto: { datatype: 32, bytesValue: [0x0c, 0, 0, 0, 0x34, 0xd0] },
  },
  {
    id: 'StringArray (NUL-terminated)',
    mw: { name: 'a', datatype: 'StringArray', value: ['ABC', 'hello'] },
    proto: { datatype: 33, bytesValue: [0x41, 0x42, 0x43, 0, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0] },
  },
  // The spec's Float, Double and DateTime examples contradict its own text (big-endian bytes, a
  // 12-byte DateTime pair): these take the text (little-endian), written by Node's Buffer API.
  {
    id: 'FloatArray with NaN and infinities',
    mw: { name: 'a', datatype: 'FloatArray', value: [Math.fround(1.23), NaN, Infinity, -Infinity] },
    proto: {
      datatype: 30,
      bytesValue: le(4, (b, at, x: number) => b.writeFloatLE(x, at), [1.23, NaN, Infinity, -Infinity]),
    },
  },
  {
    id: 'DoubleArray',
    mw: { name: 'a', datatype: 'DoubleArray', value: [12.354213, -1022.9123213, Number.MIN_VALUE] },
    proto: {
      datatype: 31,
      bytesValue: le(8, (b, at, x: number) => b.writeDoubleLE(x, at), [12.354213, -1022.9123213, Number.MIN_VALUE]),
    },
  },
  {
    id: 'DateTimeArray',
    mw: { name: 'a', datatype: 'DateTimeArray', value: [1256102875335, 1656107875000] },
    proto: {
      datatype: 34,
      bytesValue: le(8, (b, at, x: bigint) => b.writeBigInt64LE(x, at), [1256102875335n, 1656107875000n]),
    },
  },
  {
    id: 'Int64Array extremes',
    mw: { name: 'a', datatype: 'Int64Array', value: [-(2n ** 63n), 2n ** 63n - 1n, -1, 0] },
    proto: {
      datatype: 25,
      bytesValue: le(8, (b, at, x: bigint) => b.writeBigInt64LE(x, at), [-(2n ** 63n), 2n ** 63n - 1n, -1n, 0n]),
    },
  },
  {
    id: 'StringArray unicode and empty strings',
    mw: { name: 'a', datatype: 'StringArray', value: [UNICODE, '', 'x'] },
    proto: { datatype: 33, bytesValue: [...Buffer.from(`${UNICODE}\0\0x\0`)] },
  },
  ...(['Int8Array', 'UInt64Array', 'DoubleArray', 'StringArray'] as const).map((t): Case => ({
    id: `${t} empty`,
    mw: { name: 'e', datatype: t, value: [] },
    proto: { datatype: { Int8Array: 22, UInt64Array: 29, DoubleArray: 31, StringArray: 33 }[t], bytesValue: [] },
  })),
  {
    id: 'BooleanArray empty (count 0)',
    mw: { name: 'e', datatype: 'BooleanArray', value: [] },
    proto: { datatype: 32, bytesValue: [0, 0, 0, 0] },
  },
];

const complexCases: Case[] = [
  {
    id: '[tck-id-operational-behavior-data-publish-nbirth-values] is_null set and no value',
    mw: { name: 'n', datatype: 'Double', value: null },
    proto: { datatype: 10, isNull: true },
  },
  {
    id: 'alias, timestamp, is_historical, is_transient',
    mw: {
      name: 'h',
      alias: 7,
      timestamp: 1_700_000_000_000,
      datatype: 'Int32',
      isHistorical: true,
      isTransient: true,
      value: 5,
    },
    proto: { alias: '7', timestamp: '1700000000000', datatype: 3, isHistorical: true, isTransient: true, intValue: 5 },
  },
  {
    id: 'File with MetaData',
    mw: {
      name: 'f',
      datatype: 'File',
      metadata: {
        isMultiPart: false,
        contentType: 'text/plain',
        size: 2n ** 60n,
        seq: 0,
        fileName: 'recipe.txt',
        fileType: 'txt',
        md5: 'd41d8cd98f00b204e9800998ecf8427e',
        description: UNICODE,
      },
      value: new Uint8Array([1, 2, 3]),
    },
    proto: {
      datatype: 18,
      metadata: {
        isMultiPart: false,
        contentType: 'text/plain',
        size: (2n ** 60n).toString(),
        seq: '0',
        fileName: 'recipe.txt',
        fileType: 'txt',
        md5: 'd41d8cd98f00b204e9800998ecf8427e',
        description: UNICODE,
      },
      bytesValue: [1, 2, 3],
    },
  },
  {
    id: '[tck-id-payloads-propertyset-keys-array-size] [tck-id-payloads-propertyset-quality-value-type] properties, nested PropertySet and PropertySetList',
    mw: {
      name: 'temp',
      datatype: 'Float',
      properties: {
        engUnit: { type: 'String', value: '°C' },
        Quality: { type: 'Int32', value: 192 },
        min: { type: 'Double', value: -40 },
        readOnly: { type: 'Boolean', value: true },
        note: { type: 'String', value: null },
        big: { type: 'Int64', value: -(2n ** 53n) - 1n },
        limits: { type: 'PropertySet', value: { hi: { type: 'Int8', value: -1 } } },
        history: {
          type: 'PropertySetList',
          value: [{ at: { type: 'DateTime', value: 1_700_000_000_000 } }, {}],
        },
      },
      value: 21.5,
    },
    proto: {
      datatype: 9,
      properties: {
        keys: ['engUnit', 'Quality', 'min', 'readOnly', 'note', 'big', 'limits', 'history'],
        values: [
          { type: 12, stringValue: '°C' },
          { type: 3, intValue: 192 },
          { type: 10, doubleValue: -40 },
          { type: 11, booleanValue: true },
          { type: 12, isNull: true },
          { type: 4, longValue: u64(-(2n ** 53n) - 1n) },
          { type: 20, propertysetValue: { keys: ['hi'], values: [{ type: 1, intValue: u32(-1) }] } },
          {
            type: 21,
            propertysetsValue: {
              propertyset: [{ keys: ['at'], values: [{ type: 13, longValue: '1700000000000' }] }, {}],
            },
          },
        ],
      },
      floatValue: 21.5,
    },
  },
  {
    id: '[tck-id-payloads-dataset-column-size] [tck-id-payloads-dataset-types-num] [tck-id-payloads-template-dataset-value] DataSet',
    mw: {
      name: 'batch',
      datatype: 'DataSet',
      value: {
        columns: ['id', 'temp', 'ok', 'name', 'at', 'count', 'delta', 'speed'],
        types: ['Int32', 'Float', 'Boolean', 'String', 'DateTime', 'UInt64', 'Int8', 'Double'],
        rows: [
          [1, 0.5, true, UNICODE, 1_700_000_000_000, 2n ** 64n - 1n, -1, -Infinity],
          [-2, NaN, false, '', 0, 0, null, 1e-300],
        ],
      },
    },
    proto: {
      datatype: 16,
      datasetValue: {
        numOfColumns: '8',
        columns: ['id', 'temp', 'ok', 'name', 'at', 'count', 'delta', 'speed'],
        types: [3, 9, 11, 12, 13, 8, 1, 10],
        rows: [
          {
            elements: [
              { intValue: 1 },
              { floatValue: 0.5 },
              { booleanValue: true },
              { stringValue: UNICODE },
              { longValue: '1700000000000' },
              { longValue: (2n ** 64n - 1n).toString() },
              { intValue: u32(-1) },
              { doubleValue: -Infinity },
            ],
          },
          {
            elements: [
              { intValue: u32(-2) },
              { floatValue: NaN },
              { booleanValue: false },
              { stringValue: '' },
              { longValue: '0' },
              { longValue: '0' },
              {},
              { doubleValue: 1e-300 },
            ],
          },
        ],
      },
    },
  },
  {
    id: 'empty DataSet (no columns, num_of_columns 0)',
    mw: { name: 'empty', datatype: 'DataSet', value: { columns: [], types: [], rows: [] } },
    proto: { datatype: 16, datasetValue: { numOfColumns: '0' } },
  },
  {
    id: '[tck-id-payloads-template-definition-is-definition] [tck-id-payloads-template-definition-ref] [tck-id-payloads-template-definition-parameters-default] Template definition with a nested template and parameters',
    mw: {
      name: 'Motor',
      datatype: 'Template',
      value: {
        isDefinition: true,
        version: 'v1.0',
        metrics: [
          { name: 'rpm', datatype: 'Int32', value: 0 },
          { name: 'tags', datatype: 'StringArray', value: [] },
          {
            name: 'bearing',
            datatype: 'Template',
            value: {
              isDefinition: false,
              templateRef: 'Bearing',
              metrics: [{ name: 'temp', datatype: 'Float' }],
              parameters: [],
            },
          },
        ],
        parameters: [
          { name: 'ratedPower', type: 'Double', value: 5.5 },
          { name: 'serial', type: 'String' },
          { name: 'poles', type: 'UInt64', value: 2n ** 63n },
        ],
      },
    },
    proto: {
      datatype: 19,
      templateValue: {
        version: 'v1.0',
        metrics: [
          { name: 'rpm', datatype: 3, intValue: 0 },
          { name: 'tags', datatype: 33, bytesValue: [] },
          {
            name: 'bearing',
            datatype: 19,
            templateValue: { metrics: [{ name: 'temp', datatype: 9 }], templateRef: 'Bearing', isDefinition: false },
          },
        ],
        parameters: [
          { name: 'ratedPower', type: 10, doubleValue: 5.5 },
          { name: 'serial', type: 12 },
          { name: 'poles', type: 8, longValue: (2n ** 63n).toString() },
        ],
        isDefinition: true,
      },
    },
  },
  {
    id: '[tck-id-payloads-template-instance-is-definition] [tck-id-payloads-template-instance-ref] [tck-id-payloads-template-instance-parameters] [tck-id-payloads-template-version] Template instance with a nested instance',
    mw: {
      name: 'Motor 1',
      datatype: 'Template',
      value: {
        isDefinition: false,
        templateRef: 'Motor',
        version: 'v1.0',
        metrics: [
          { name: 'rpm', datatype: 'Int32', value: -1450, properties: { engUnit: { type: 'String', value: 'rpm' } } },
          { name: 'tags', datatype: 'StringArray', value: ['a', UNICODE] },
          {
            name: 'bearing',
            datatype: 'Template',
            value: {
              isDefinition: false,
              templateRef: 'Bearing',
              metrics: [{ name: 'temp', datatype: 'Float', value: null }],
              parameters: [],
            },
          },
        ],
        parameters: [{ name: 'ratedPower', type: 'Double', value: 7.5 }],
      },
    },
    proto: {
      datatype: 19,
      templateValue: {
        version: 'v1.0',
        metrics: [
          {
            name: 'rpm',
            datatype: 3,
            properties: { keys: ['engUnit'], values: [{ type: 12, stringValue: 'rpm' }] },
            intValue: u32(-1450),
          },
          { name: 'tags', datatype: 33, bytesValue: [...Buffer.from(`a\0${UNICODE}\0`)] },
          {
            name: 'bearing',
            datatype: 19,
            templateValue: {
              metrics: [{ name: 'temp', datatype: 9, isNull: true }],
              templateRef: 'Bearing',
              isDefinition: false,
            },
          },
        ],
        parameters: [{ name: 'ratedPower', type: 10, doubleValue: 7.5 }],
        templateRef: 'Motor',
        isDefinition: false,
      },
    },
  },
];

/** protobufjs' view of a case: the metric's name unless the case sets its own. */
const protoMetric = (c: Case) => ({ ...(c.mw.name !== undefined ? { name: c.mw.name } : {}), ...c.proto });

describe.each([
  ['[tck-id-payloads-metric-datatype-value] scalar types', scalarCases],
  ['array types 22 to 34 (spec 6.4.17)', arrayCases],
  ['metrics with structure', complexCases],
])('Sparkplug B conformance with the official proto (protobufjs): %s', (_group, cases) => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const mine = encodePayload({ metrics: [c.mw] });
    // Millwright -> protobufjs
    expect(tahuDecode(mine)).toEqual({ metrics: [protoMetric(c)] });
    // protobufjs -> Millwright
    const theirs = tahuEncode({ metrics: [protoMetric(c)] });
    expect(decodePayload(theirs)).toEqual({ metrics: [c.mw] });
    // and the same bytes
    expect(hex(mine)).toBe(hex(theirs));
  });
});

describe('Sparkplug B conformance: whole payloads', () => {
  const all = [...scalarCases, ...arrayCases, ...complexCases];
  const birth: SparkplugPayload = {
    timestamp: 1_700_000_000_000,
    seq: 0,
    uuid: 'u-1',
    body: new Uint8Array([7]),
    metrics: all.map((c) => c.mw),
  };

  it('[tck-id-payloads-sequence-num-zero-nbirth] an NBIRTH with every case decodes the same both ways and byte for byte', () => {
    const proto = {
      timestamp: '1700000000000',
      metrics: all.map(protoMetric),
      seq: '0',
      uuid: 'u-1',
      body: [7],
    };
    const mine = encodePayload(birth);
    expect(tahuDecode(mine)).toEqual(proto);
    expect(decodePayload(tahuEncode(proto))).toEqual(birth);
    expect(hex(mine)).toBe(hex(tahuEncode(proto)));
  });

  it('a decoded payload as a flow sees it (64-bit values as strings) encodes back to the same bytes', () => {
    const bytes = encodePayload(birth);
    const asFlowSeesIt = flowValue(decodePayload(bytes)) as SparkplugPayload;
    expect(() => JSON.stringify(asFlowSeesIt)).not.toThrow(); // JSON.stringify throws on any bigint
    expect(hex(encodePayload(asFlowSeesIt))).toBe(hex(bytes));
  });
});
