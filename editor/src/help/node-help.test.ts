import type { NodeCatalogEntry } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { nodeHelp } from './node-help.js';

const entry: NodeCatalogEntry = {
  type: 'quality-check',
  version: 2,
  category: 'mes',
  label: 'quality check',
  description: 'Checks a measurement against `lsl` and `usl`.',
  isConfig: false,
  inputs: 1,
  outputs: ['pass', 'fail'],
  configSchema: {
    type: 'object',
    properties: {
      mode: { type: 'string', enum: ['spec', 'spc'], default: 'spec', description: 'How to judge.' },
      usl: { type: 'number', description: 'Upper spec limit.', advanced: true },
      limits: { type: 'object', properties: { warn: { type: 'integer', minimum: 1, maximum: 9 } } },
    },
    required: ['usl'],
  },
  credentialsSchema: { type: 'object', properties: { token: { type: 'string', secret: true } } },
  defaults: { mode: 'spec' },
};

describe('nodeHelp', () => {
  it('lists ports, config rows (nested keys, unions as plain text) and credentials from the schema', () => {
    const help = nodeHelp(entry);
    expect(help.outputs).toEqual(['pass', 'fail']);
    expect(help.config.map((r) => [r.key, r.type, r.default])).toEqual([
      ['mode', '"spec" | "spc"', '`"spec"`'],
      ['usl', 'number', '*required*'],
      ['limits', 'object', ''],
      ['limits.warn', 'integer 1–9', ''],
    ]);
    expect(help.config[1]?.description).toBe('Upper spec limit. (advanced)');
    expect(help.credentials[0]?.key).toBe('token');
    expect(JSON.parse(help.example)).toMatchObject({ type: 'quality-check', typeVersion: 2, config: { mode: 'spec' } });
  });
});
