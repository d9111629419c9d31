import type { Flow, NodeCatalogEntry } from '@millwright/model';
import type { Catalog } from './catalog.js';
import { initialEditorState, loaded, type EditorState } from './editor-state.js';

/** A small catalog for store tests (not shipped: only test files import it). */
export function testCatalog(): Catalog {
  const entry = (type: string, over: Partial<NodeCatalogEntry> = {}): NodeCatalogEntry => ({
    type,
    version: 1,
    category: 'common',
    label: type,
    description: `${type} node`,
    isConfig: false,
    inputs: 1,
    outputs: ['out'],
    configSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 0, default: 1 } } },
    defaults: { n: 1 },
    ...over,
  });
  return new Map(
    [
      entry('inject', { inputs: 0 }),
      entry('debug', { outputs: [] }),
      entry('switch', {
        outputs: [],
        outputsFrom: 'rules',
        configSchema: { type: 'object', properties: { rules: { type: 'array', items: {} } } },
        defaults: { rules: [] },
      }),
      entry('broker', { isConfig: true, inputs: 0, outputs: [] }),
    ].map((e) => [e.type, e]),
  );
}

/** f1: a (inject) -> b (debug); f2 empty. */
export function testFlows(): Flow[] {
  return [
    {
      version: 1,
      id: 'f1',
      name: 'One',
      nodes: [
        { id: 'a', type: 'inject', typeVersion: 1, config: { n: 1 }, position: { x: 0, y: 0 } },
        { id: 'b', type: 'debug', typeVersion: 1, config: { n: 1 }, position: { x: 200, y: 0 } },
      ],
      wires: [{ from: { node: 'a', port: 0 }, to: { node: 'b', port: 0 } }],
    },
    { version: 1, id: 'f2', name: 'Two', nodes: [], wires: [] },
  ];
}

export function testState(): EditorState {
  return loaded(initialEditorState(), { catalog: testCatalog(), flows: testFlows(), revision: 'r1' });
}
