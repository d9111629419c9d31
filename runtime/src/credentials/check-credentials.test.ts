import { defineNode, NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testFlow } from '../testing/test-runtime.js';
import { checkCredentialUpdates } from './check-credentials.js';

const registry = new NodeRegistry([
  defineNode({
    type: 'locked',
    category: 'test',
    version: 1,
    description: 'has credentials',
    inputs: 0,
    outputs: [],
    config: z.object({}),
    credentials: z.object({ password: z.string().min(4).optional(), pin: z.enum(['1234', '9999']).optional() }),
    setup: () => ({}),
  }),
  defineNode({
    type: 'plain',
    category: 'test',
    version: 1,
    description: 'no credentials',
    inputs: 0,
    outputs: [],
    config: z.object({}),
    setup: () => ({}),
  }),
]);
const flows = [
  testFlow('f', [
    ['lock1', 'locked'],
    ['plain1', 'plain'],
  ]),
];
const check = (updates: unknown, current: Record<string, string> = {}) =>
  checkCredentialUpdates({ updates, flows, registry, current: () => current, prefix: ['credentials'] });

describe('checkCredentialUpdates', () => {
  it('accepts strings and nulls for keys of the node type schema', () => {
    expect(check({ lock1: { password: 'long-secret', pin: null } })).toEqual({
      ok: true,
      updates: { lock1: { password: 'long-secret', pin: null } },
    });
  });

  it('locates every fault by path, without echoing values', () => {
    const r = check({
      nope: { password: 'x' },
      plain1: { password: 'secret-value-1' },
      lock1: { password: 'abc', pin: 'secret-value-2', other: 'secret-value-3', n: 5 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.pathString, i.code])).toEqual(
      expect.arrayContaining([
        ['$.credentials.nope', 'unknown_node'],
        ['$.credentials.plain1', 'no_credentials'],
        ['$.credentials.lock1.n', 'invalid_type'],
        ['$.credentials.lock1.password', 'too_small'],
        ['$.credentials.lock1.pin', 'invalid_value'],
      ]),
    );
    expect(JSON.stringify(r.issues)).not.toMatch(/secret-value/);
  });

  it('reports keys the schema does not know', () => {
    const r = check({ lock1: { password: 'long-secret', apiKey: 'k' } });
    expect(r.ok === false && r.issues.map((i) => [i.pathString, i.code])).toEqual([
      ['$.credentials.lock1.apiKey', 'unknown_key'],
    ]);
  });

  it('validates the merged result with the stored values', () => {
    expect(check({ lock1: { pin: '1234' } }, { password: 'ab' }).ok).toBe(false);
    expect(check({ lock1: { pin: '1234' } }, { password: 'long-enough' }).ok).toBe(true);
  });

  it('refuses a body that is not an object of objects', () => {
    expect(check([]).ok).toBe(false);
    expect(check({ lock1: 'password' }).ok).toBe(false);
  });
});
