import type { Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { withContextDefaults } from './context-defaults.js';

const flow = (context?: Flow['context']): Flow => ({
  version: 1,
  id: 'f1',
  name: 'f1',
  ...(context ? { context } : {}),
  nodes: [],
  wires: [],
});

describe('the runtime default context store (settings.json "context")', () => {
  it('leaves flows alone without defaults, or with memory as the default', () => {
    const f = flow();
    expect(withContextDefaults(f, undefined)).toBe(f);
    expect(withContextDefaults(f, {})).toBe(f);
    expect(withContextDefaults(f, { flushIntervalMs: 5_000 })).toBe(f);
    expect(withContextDefaults(f, { store: 'memory', maxBytes: 4_096 })).toBe(f);
  });

  it('gives a flow that sets no context the default file store, with its interval and limit', () => {
    expect(withContextDefaults(flow(), { store: 'file', flushIntervalMs: 5_000, maxBytes: 4_096 }).context).toEqual({
      store: 'file',
      flushIntervalMs: 5_000,
      maxBytes: 4_096,
    });
  });

  it("puts the flow's own choice first: its store, then each field it sets", () => {
    const own = flow({ store: 'memory' });
    expect(withContextDefaults(own, { store: 'file' })).toBe(own);
    expect(
      withContextDefaults(flow({ store: 'file', flushIntervalMs: 0 }), { flushIntervalMs: 5_000, maxBytes: 4_096 })
        .context,
    ).toEqual({
      store: 'file',
      flushIntervalMs: 0,
      maxBytes: 4_096,
    });
  });

  it('does not change the flow it is given (what is stored keeps only what its author chose)', () => {
    const f = flow();
    withContextDefaults(f, { store: 'file' });
    expect(f.context).toBeUndefined();
  });
});
