import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateFlow, type Flow } from '@millwright/model';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { opcuaReadConfig } from '../opcua-read/config.js';
import { opcuaEndpointConfig } from './config.js';
import { connectionBadge } from './node-support.js';
import { defaultPkiFolder } from './opcua-connection.js';
import { fromVariant, toVariant } from './variant.js';

describe('opcua-endpoint config', () => {
  it('defaults to an anonymous unsecured connection', () => {
    expect(opcuaEndpointConfig.parse({ endpointUrl: 'opc.tcp://127.0.0.1:4840' })).toMatchObject({
      securityMode: 'None',
      securityPolicy: 'None',
      authentication: 'anonymous',
      trustUnknownServerCertificates: false,
    });
  });

  it.each([
    [{ endpointUrl: 'http://plc' }, 'endpointUrl'],
    [{ endpointUrl: 'opc.tcp://plc:4840', securityMode: 'Sign' }, 'securityPolicy'],
    [{ endpointUrl: 'opc.tcp://plc:4840', securityPolicy: 'Basic256Sha256' }, 'securityPolicy'],
    [{ endpointUrl: 'opc.tcp://plc:4840', authentication: 'username' }, 'username'],
  ])('rejects %j at %s', (config, path) => {
    const r = opcuaEndpointConfig.safeParse(config);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts a signed and encrypted user login', () => {
    const r = opcuaEndpointConfig.safeParse({
      endpointUrl: 'opc.tcp://plc:4840',
      securityMode: 'SignAndEncrypt',
      securityPolicy: 'Basic256Sha256',
      authentication: 'username',
      username: 'op',
    });
    expect(r.success).toBe(true);
  });
});

describe('default PKI folder', () => {
  it('lives in the runtime data folder, else in the temp folder', () => {
    expect(defaultPkiFolder('/var/lib/millwright')).toBe('/var/lib/millwright/pki/opcua');
    expect(defaultPkiFolder(undefined)).toBe(join(tmpdir(), 'millwright-pki', 'opcua'));
  });
});

describe('connection badge', () => {
  it('is green when connected, red when lost, yellow while connecting', () => {
    expect(connectionBadge({ state: 'connected' })?.fill).toBe('green');
    expect(connectionBadge({ state: 'reconnecting', message: 'connection lost' })).toEqual({
      fill: 'red',
      shape: 'ring',
      text: 'disconnected: connection lost',
    });
    expect(connectionBadge({ state: 'connecting' })?.fill).toBe('yellow');
    expect(connectionBadge({ state: 'closed' })).toBeNull();
  });
});

describe('variant conversion', () => {
  it('turns 64-bit words into numbers, or strings beyond 2^53', () => {
    expect(fromVariant({ dataType: 9, value: [0, 42] })).toBe(42);
    expect(fromVariant({ dataType: 8, value: [0xffffffff, 0xfffffffe] })).toBe(-2);
    expect(fromVariant({ dataType: 9, value: [0xffffffff, 0xffffffff] })).toBe('18446744073709551615');
  });

  it('flattens arrays, byte strings and localized text', () => {
    expect(fromVariant({ dataType: 11, arrayType: 1, value: new Float64Array([1.5, 2]) })).toEqual([1.5, 2]);
    const bytes = fromVariant({ dataType: 15, value: Buffer.from([1, 2]) });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect(fromVariant({ dataType: 21, value: { text: 'Hallo', locale: 'de' } })).toBe('Hallo');
    expect(fromVariant({ dataType: 19, value: { name: 'BadTimeout' } })).toBe('BadTimeout');
    expect(fromVariant(null)).toBeNull();
  });

  it('coerces payloads for writes and refuses what does not fit', () => {
    expect(toVariant('12', 'Int16')).toEqual({ dataType: 4, value: 12 });
    expect(toVariant([1, 0], 'Boolean')).toEqual({ dataType: 1, arrayType: 1, value: [true, false] });
    expect(toVariant(-1, 'Int64')).toEqual({ dataType: 8, value: [0xffffffff, 0xffffffff] });
    expect(toVariant('2024-01-02T03:04:05Z', 'DateTime').value).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(toVariant({ a: 1 }, 'String').value).toBe('{"a":1}');
    expect(() => toVariant(300, 'Byte')).toThrow(/out of range 0..255/);
    expect(() => toVariant(1.5, 'Int32')).toThrow(/expected an integer/);
    expect(() => toVariant('x', 'Double')).toThrow(/finite number/);
    expect(() => toVariant('maybe', 'Boolean')).toThrow(/true\/false/);
    expect(() => toVariant(-1, 'UInt64')).toThrow(/out of range/);
  });

  it('nests a matrix by its dimensions and writes a nested array as a matrix', () => {
    const m = { dataType: 6, arrayType: 2, dimensions: [2, 3, 2], value: Int32Array.from({ length: 12 }, (_, i) => i) };
    expect(fromVariant(m)).toEqual([
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      [
        [6, 7],
        [8, 9],
        [10, 11],
      ],
    ]);
    expect(
      toVariant(
        [
          [1, 2, 3],
          ['4', 5, 6],
        ],
        'Double',
      ),
    ).toEqual({
      dataType: 11,
      arrayType: 2,
      dimensions: [2, 3],
      value: [1, 2, 3, 4, 5, 6],
    });
    expect(() => toVariant([[1, 2], [3]], 'Double')).toThrow(/rows differ in length/);
    expect(() => toVariant([1, [2]], 'Double')).toThrow(/rows differ in length/);
  });

  it('keys structures by the server field names, nested ones too, with built-in fields converted', () => {
    // node-opcua structures carry their schema on the prototype, the values as own properties.
    const struct = (fields: Array<[string, string, string]>, values: Record<string, unknown>): unknown =>
      Object.assign(
        Object.create({
          schema: { fields: fields.map(([name, originalName, fieldType]) => ({ name, originalName, fieldType })) },
        }) as object,
        values,
      );
    const localized = struct([['text', 'Text', 'String']], { text: 'bye', locale: 'en' });
    const build = struct([['productName', 'ProductName', 'String']], { productName: 'PLC' });
    const status = struct(
      [
        ['shutdownReason', 'ShutdownReason', 'LocalizedText'],
        ['buildInfo', 'BuildInfo', 'BuildInfo'],
        ['counts', 'Counts', 'Int64'],
      ],
      {
        shutdownReason: localized,
        buildInfo: build,
        counts: [
          [0, 7],
          [0, 8],
        ],
      },
    );
    expect(fromVariant({ dataType: 22, value: status })).toEqual({
      ShutdownReason: 'bye',
      BuildInfo: { ProductName: 'PLC' },
      Counts: [7, 8],
    });
  });

  it('names enumeration values when given the names', () => {
    const names = new Map([
      [0, 'Off'],
      [10, 'Clockwise'],
    ]);
    expect(fromVariant({ dataType: 6, value: 10 }, { enumNames: names })).toEqual({ value: 10, name: 'Clockwise' });
    expect(fromVariant({ dataType: 6, arrayType: 1, value: [0, 7] }, { enumNames: names })).toEqual([
      { value: 0, name: 'Off' },
      { value: 7, name: null },
    ]);
    expect(fromVariant({ dataType: 11, value: 10 }, { enumNames: names })).toBe(10);
  });
});

describe('enumNames migration', () => {
  it('keeps version-1 read and subscribe nodes on bare enumeration numbers; new nodes name them', () => {
    const node = (id: string, type: string, config: Record<string, unknown>) => ({
      id,
      type,
      typeVersion: 1,
      position: { x: 0, y: 0 },
      config: { endpoint: 'ep', items: [{ nodeId: 'ns=1;s=X' }], ...config },
    });
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [
        node('r', 'opcua-read', {}),
        node('s', 'opcua-subscribe', {}),
        node('k', 'opcua-read', { enumNames: true }),
      ],
      wires: [],
    };
    const { flow: migrated, issues } = migrateFlow(flow, new NodeRegistry(nodes));
    expect(issues).toEqual([]);
    expect(migrated.nodes.map((n) => [n.id, n.typeVersion, n.config['enumNames']])).toEqual([
      ['r', 2, false],
      ['s', 2, false],
      ['k', 2, true],
    ]);
    expect(opcuaReadConfig.parse({ endpoint: 'ep' }).enumNames).toBe(true);
  });
});
