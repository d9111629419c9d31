import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { initialValue } from './defaults.js';
import { discriminatorOf, fieldKind, unwrapField } from './field-kind.js';
import type { JsonSchema } from './json-schema.js';
import { isFieldVisible } from './show-when.js';

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe('fieldKind', () => {
  const schema = toSchema(
    z.object({
      body: z.string().meta({ widget: 'code', language: 'javascript' }),
      broker: z.string().meta({ configRef: 'mqtt-broker' }),
      mode: z.enum(['a', 'b']),
      on: z.boolean(),
      n: z.number(),
      i: z.number().int(),
      s: z.string(),
      obj: z.object({ x: z.string() }),
      arr: z.array(z.string()),
      rows: z
        .array(z.object({ from: z.string().optional(), to: z.string(), type: z.enum(['a']) }))
        .meta({ widget: 'table' }),
      nested: z.array(z.object({ x: z.object({ y: z.string() }) })).meta({ widget: 'table' }),
      any: z.unknown(),
      rec: z.record(z.string(), z.string()),
      maybe: z.number().nullable(),
      rule: z.discriminatedUnion('op', [
        z.object({ op: z.literal('a') }),
        z.object({ op: z.literal('b'), v: z.string() }),
      ]),
    }),
  );
  const kinds = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([k, v]) => [k, fieldKind(unwrapField(v, schema).schema)]),
  );

  it('picks a widget per schema shape and hint', () => {
    expect(kinds).toEqual({
      body: 'code',
      broker: 'configRef',
      mode: 'enum',
      on: 'boolean',
      n: 'number',
      i: 'integer',
      s: 'string',
      obj: 'object',
      arr: 'array',
      rows: 'table',
      nested: 'array',
      any: 'json',
      rec: 'json',
      maybe: 'number',
      rule: 'variant',
    });
  });

  it('marks nullable fields and keeps outer annotations', () => {
    const field = unwrapField({ anyOf: [{ type: 'number' }, { type: 'null' }], description: 'd', default: null }, {});
    expect(field).toEqual({ schema: { type: 'number', description: 'd', default: null }, nullable: true });
  });

  it('finds the discriminator key and the variant of each value', () => {
    const rule = schema.properties?.['rule'] ?? {};
    expect(discriminatorOf(rule)).toEqual({
      key: 'op',
      options: [
        { value: 'a', variant: 0 },
        { value: 'b', variant: 1 },
      ],
    });
    expect(discriminatorOf({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBeUndefined();
  });
});

describe('isFieldVisible', () => {
  const parent: JsonSchema = {
    properties: { repeat: { default: 'none' }, intervalMs: { showWhen: { repeat: ['interval'] } } },
  };
  const field = parent.properties?.['intervalMs'] ?? {};

  it('follows the sibling value, falling back to its default', () => {
    expect(isFieldVisible(field, { repeat: 'interval' }, parent)).toBe(true);
    expect(isFieldVisible(field, { repeat: 'cron' }, parent)).toBe(false);
    expect(isFieldVisible(field, {}, parent)).toBe(false);
    expect(isFieldVisible({}, {}, parent)).toBe(true);
  });
});

describe('initialValue', () => {
  it('fills defaults and required keys of new items', () => {
    const item = toSchema(
      z.object({
        property: z.string(),
        valueType: z.enum(['string', 'number']).default('number'),
        note: z.string().optional(),
      }),
    );
    expect(initialValue(item, item)).toEqual({ property: '', valueType: 'number' });
  });

  it('starts a discriminated union at its first variant', () => {
    const u = toSchema(
      z.discriminatedUnion('op', [
        z.object({ op: z.literal('set'), v: z.string() }),
        z.object({ op: z.literal('del') }),
      ]),
    );
    expect(initialValue(u, u)).toEqual({ op: 'set', v: '' });
  });
});
