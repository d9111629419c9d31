import type { Flow, NodeCatalogEntry } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { nextDefaultName } from './catalog.js';

const entry = (type: string, label: string): NodeCatalogEntry => ({
  type,
  version: 1,
  category: 'common',
  label,
  description: '',
  isConfig: false,
  inputs: 1,
  outputs: [],
  configSchema: {},
  defaults: {},
});
const node = (type: string, name?: string) => ({
  id: `${type}-${name ?? 'x'}`,
  type,
  typeVersion: 1,
  config: {},
  position: { x: 0, y: 0 },
  ...(name ? { name } : {}),
});

describe('nextDefaultName', () => {
  it('numbers past the highest number in use for the type in any flow', () => {
    const flows: Flow[] = [
      { version: 1, id: 'a', name: 'A', nodes: [node('debug', 'debug 1'), node('debug', 'counts')], wires: [] },
      { version: 1, id: 'b', name: 'B', nodes: [node('debug', 'debug 4'), node('inject', 'debug 9')], wires: [] },
    ];
    expect(nextDefaultName(flows, entry('debug', 'debug'))).toBe('debug 5');
    expect(nextDefaultName(flows, entry('inject', 'inject'))).toBe('inject 1');
  });

  it('treats the label literally (dots, brackets, plus signs)', () => {
    const flows: Flow[] = [{ version: 1, id: 'a', name: 'A', nodes: [node('x', 'a.b (c+) 2')], wires: [] }];
    expect(nextDefaultName(flows, entry('x', 'a.b (c+)'))).toBe('a.b (c+) 3');
    expect(nextDefaultName(flows, entry('y', 'a.b (c+)'))).toBe('a.b (c+) 1');
  });
});
