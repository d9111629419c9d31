import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchema } from './json-schema.js';
import { validateValue } from './validate.js';

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe('validateValue', () => {
  const config = toSchema(
    z.object({
      name: z.string().min(1).max(5),
      timeoutMs: z.number().int().min(10).default(1000),
      mode: z.enum(['a', 'b']).default('a'),
      ratio: z.number().gt(0).lt(1).optional(),
      tag: z
        .string()
        .regex(/^[a-z]+$/)
        .optional(),
      retries: z.number().int().nullable().default(null),
      nested: z.object({ on: z.boolean() }).optional(),
      list: z.array(z.object({ key: z.string().min(1) })).default([]),
    }),
  );

  it('accepts a valid config and leaves defaulted keys optional', () => {
    expect(validateValue(config, { name: 'ok' })).toEqual([]);
  });

  it('reports each fault with its path', () => {
    const issues = validateValue(config, {
      name: '',
      timeoutMs: 5,
      mode: 'c',
      ratio: 1,
      tag: 'ABC',
      nested: { on: 'yes' },
      list: [{ key: 'x' }, { key: '' }],
    });
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['name', 'too_small'],
      ['timeoutMs', 'too_small'],
      ['mode', 'invalid_value'],
      ['ratio', 'too_big'],
      ['tag', 'invalid_format'],
      ['nested.on', 'invalid_type'],
      ['list.1.key', 'too_small'],
    ]);
    expect(issues[1]?.message).toBe('must be at least 10');
    expect(issues[2]?.message).toBe('must be one of: "a", "b"');
  });

  it('requires required keys that have no default', () => {
    expect(validateValue(config, {})).toEqual([{ path: ['name'], code: 'required', message: 'is required' }]);
  });

  it('rejects a fraction where an integer is expected', () => {
    expect(validateValue(config, { name: 'a', timeoutMs: 10.5 })[0]).toMatchObject({
      path: ['timeoutMs'],
      code: 'invalid_type',
      message: 'expected an integer, got a number',
    });
  });

  it('treats nullable as a union with null and reports the inner fault', () => {
    expect(validateValue(config, { name: 'a', retries: null })).toEqual([]);
    expect(validateValue(config, { name: 'a', retries: 'x' })).toEqual([
      { path: ['retries'], code: 'invalid_type', message: 'expected an integer, got a string' },
    ]);
  });

  it('reports the matching variant of a discriminated union', () => {
    const rules = toSchema(
      z.object({
        rules: z.array(
          z.discriminatedUnion('op', [
            z.object({ op: z.literal('eq'), value: z.string() }),
            z.object({ op: z.literal('between'), from: z.number(), to: z.number() }),
          ]),
        ),
      }),
    );
    expect(
      validateValue(rules, {
        rules: [
          { op: 'eq', value: 'x' },
          { op: 'between', from: 1, to: 2 },
        ],
      }),
    ).toEqual([]);
    expect(validateValue(rules, { rules: [{ op: 'between', from: 1, to: 'x' }] })).toEqual([
      { path: ['rules', 0, 'to'], code: 'invalid_type', message: 'expected a number, got a string' },
    ]);
    expect(validateValue(rules, { rules: [{ op: 'nope' }] })[0]).toMatchObject({
      path: ['rules', 0],
      code: 'invalid_union',
    });
  });

  it('rejects unknown keys of strict objects and checks records', () => {
    const strict = toSchema(z.object({ a: z.string() }).strict());
    expect(validateValue(strict, { a: 'x', b: 1 })).toEqual([
      { path: ['b'], code: 'unrecognized_key', message: 'unknown key "b"' },
    ]);
    const record = toSchema(z.record(z.string(), z.number()));
    expect(validateValue(record, { x: 1, y: 'no' })).toEqual([
      { path: ['y'], code: 'invalid_type', message: 'expected a number, got a string' },
    ]);
  });

  it('follows $ref into $defs', () => {
    const schema: JsonSchema = {
      $defs: { Port: { type: 'integer', minimum: 1, maximum: 65535 } },
      type: 'object',
      properties: { port: { $ref: '#/$defs/Port' } },
      required: ['port'],
    };
    expect(validateValue(schema, { port: 0 })).toEqual([
      { path: ['port'], code: 'too_small', message: 'must be at least 1' },
    ]);
  });

  it('agrees with zod on which values are valid', () => {
    const zschema = z.object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(1883),
      qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
      tls: z.boolean().default(false),
      topics: z.array(z.string().min(1)).min(1),
      url: z.url().optional(),
      keepalive: z.number().multipleOf(5).optional(),
      tags: z.tuple([z.string(), z.number()]).optional(),
    });
    const json = toSchema(zschema);
    const samples: unknown[] = [
      { host: 'a', topics: ['t'] },
      { host: '', topics: ['t'] },
      { host: 'a', topics: [] },
      { host: 'a', topics: [''] },
      { host: 'a', topics: ['t'], port: 0 },
      { host: 'a', topics: ['t'], port: 65536 },
      { host: 'a', topics: ['t'], port: 80.5 },
      { host: 'a', topics: ['t'], qos: 3 },
      { host: 'a', topics: ['t'], qos: 2 },
      { host: 'a', topics: ['t'], tls: 'yes' },
      { host: 'a', topics: ['t'], url: 'not a url' },
      { host: 'a', topics: ['t'], url: 'https://example.com/x' },
      { host: 'a', topics: ['t'], keepalive: 12 },
      { host: 'a', topics: ['t'], keepalive: 15 },
      { host: 'a', topics: ['t'], tags: ['x', 1] },
      { host: 'a', topics: ['t'], tags: ['x', 'y'] },
      { topics: ['t'] },
      'not an object',
      null,
    ];
    for (const sample of samples) {
      const ours = validateValue(json, sample).length === 0;
      expect([sample, ours]).toEqual([sample, zschema.safeParse(sample).success]);
    }
  });
  it('checks an OPC UA NodeId field (format opcua-nodeid) with the model grammar, empty left to minLength', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: { type: 'object', properties: { nodeId: { type: 'string', format: 'opcua-nodeid' } } },
        },
      },
    };
    const issues = validateValue(schema, {
      items: [{ nodeId: 'nsu=urn:plc;s=A' }, { nodeId: 'g=bad' }, { nodeId: '' }],
    });
    expect(issues).toEqual([
      {
        path: ['items', 1, 'nodeId'],
        code: 'invalid_format',
        message: expect.stringMatching(/"bad" is not a GUID/) as string,
      },
    ]);
  });
});
