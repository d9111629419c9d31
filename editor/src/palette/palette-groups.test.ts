import { describe, expect, it } from 'vitest';
import type { NodeCatalogEntry } from '@millwright/model';
import { paletteGroups } from './palette-groups.js';

const e = (type: string, category: string, description = '', isConfig = false): NodeCatalogEntry => ({
  type,
  version: 1,
  category,
  label: type,
  description,
  isConfig,
  inputs: 1,
  outputs: ['out'],
  configSchema: {},
  defaults: {},
});

describe('paletteGroups', () => {
  const entries = [
    e('mqtt-in', 'network', 'Subscribes to a broker'),
    e('debug', 'common'),
    e('inject', 'common'),
    e('switch', 'function', 'Routes messages'),
    e('mqtt-broker', 'network', '', true),
    e('b2mml', 'isa95'),
    { ...e('unsupported', 'common'), inPalette: false },
  ];

  it('groups by category in a fixed order, config nodes and placeholders left out', () => {
    expect(paletteGroups(entries, '').map((g) => [g.category, g.entries.map((x) => x.type)])).toEqual([
      ['common', ['debug', 'inject']],
      ['function', ['switch']],
      ['network', ['mqtt-in']],
      ['isa95', ['b2mml']],
    ]);
  });

  it('searches type, category and description with every word', () => {
    expect(paletteGroups(entries, 'route').flatMap((g) => g.entries.map((x) => x.type))).toEqual(['switch']);
    expect(paletteGroups(entries, 'network broker').flatMap((g) => g.entries.map((x) => x.type))).toEqual(['mqtt-in']);
    expect(paletteGroups(entries, 'nothing-like-this')).toEqual([]);
  });
});
