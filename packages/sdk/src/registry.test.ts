import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from './define-node.js';
import { NodeRegistry } from './registry.js';
import { testNode } from './harness/test-node.js';

const sw = defineNode({
  type: 'demo-switch',
  category: 'function',
  version: 2,
  description: 'one output per rule',
  inputs: 1,
  outputs: ['1'],
  outputsFor: (c) => c.rules.map((_, i) => String(i + 1)),
  outputsFrom: 'rules',
  config: z.object({
    rules: z.array(z.string()).default(['a', 'b']),
    broker: z.string().default('').meta({ configRef: 'demo-broker', description: 'Broker to use' }),
  }),
  migrations: { 1: (c) => ({ ...c, rules: c['rule'] ? [c['rule']] : [] }) },
  setup: (ctx) => ({ input: (msg) => ctx.send(ctx.config.rules.map(() => msg)) }),
});

describe('NodeRegistry', () => {
  const registry = new NodeRegistry([sw]);

  it('builds a catalog entry with JSON Schema, defaults and ports from config', () => {
    const [entry] = registry.catalog();
    expect(entry).toMatchObject({
      type: 'demo-switch',
      version: 2,
      inputs: 1,
      outputs: ['1', '2'],
      outputsFrom: 'rules',
      defaults: { rules: ['a', 'b'], broker: '' },
    });
    const props = (entry?.configSchema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
    expect(props['broker']).toMatchObject({ type: 'string', configRef: 'demo-broker', description: 'Broker to use' });
  });

  it('exposes validation info: config faults with paths, config refs, output count, migration', () => {
    const info = registry.get('demo-switch');
    expect(info?.validateConfig({ rules: [1] })).toEqual([
      { path: ['rules', 0], code: 'invalid_type', message: expect.any(String) as string },
    ]);
    expect(info?.configRefs).toEqual([{ key: 'broker', type: 'demo-broker' }]);
    expect(info?.outputCount({ rules: ['x', 'y', 'z'] })).toBe(3);
    expect(info?.migrate?.(1, { rule: 'r' })).toEqual({ rule: 'r', rules: ['r'] });
  });

  it('lists static ports when the config has required fields and cannot default', () => {
    const needsRules = defineNode({
      type: 'needs-rules',
      category: 'function',
      version: 1,
      description: 'one output per rule, at least one rule required',
      inputs: 1,
      outputs: ['1'],
      outputsFor: (c) => c.rules.map((_, i) => String(i + 1)),
      outputsFrom: 'rules',
      config: z.object({ rules: z.array(z.string()).min(1) }),
      setup: () => ({}),
    });
    expect(new NodeRegistry([needsRules]).catalog()[0]?.outputs).toEqual(['1']);
  });

  it('refuses a second registration of a type', () => {
    expect(() => registry.add(sw, { source: 'other' })).toThrow(/already registered/);
  });

  it('rejects non-kebab type names', () => {
    expect(() => defineNode({ ...sw, type: 'BadName' })).toThrow(/kebab-case/);
  });
});

describe('testNode harness', () => {
  it('runs one node with its config defaulted and collects outputs per port', async () => {
    const h = await testNode(sw, { config: { rules: ['x', 'y'] } });
    h.input({ payload: 7 });
    const [a] = await h.next(1, { port: 0 });
    const [b] = await h.next(1, { port: 1 });
    expect(a?.payload).toBe(7);
    expect(b?.payload).toBe(7);
    expect(a?.id).not.toBe(b?.id); // same object on two ports is copied
    await h.stop();
  });
});
