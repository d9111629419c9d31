import { mergeFlow, serializeMergedFlow, validateFlow, type Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { openConflicts, resolveConflicts } from './merge-conflicts.js';

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });

/** Three conflicts from the real merge: one field both ways, a node removed against changed, a wire to a removed node. */
function mergedFile(): string {
  const base: Flow = {
    version: 1,
    id: 'line',
    name: 'Line',
    nodes: [
      node('a', 'inject'),
      node('b', 'function', { code: 'return msg;' }),
      node('c', 'debug'),
      node('d', 'debug'),
    ],
    wires: [wire('a', 'b'), wire('b', 'c')],
  };
  const ours: Flow = {
    ...base,
    nodes: [node('a', 'inject'), node('b', 'function', { code: 'return X;' })],
    wires: [wire('a', 'b')],
  };
  const theirs: Flow = {
    ...base,
    nodes: [
      node('a', 'inject'),
      node('b', 'function', { code: 'return Y;' }),
      node('c', 'debug', { complete: true }),
      node('d', 'debug'),
    ],
    wires: [wire('a', 'b'), wire('b', 'c'), wire('a', 'd')],
  };
  const json = (f: Flow) => JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
  return serializeMergedFlow(mergeFlow(json(base), json(ours), json(theirs)));
}

describe('merge conflicts in the editor', () => {
  it('lists the conflicts the merge driver wrote, with the sides each has', () => {
    const open = openConflicts(mergedFile());
    expect(open?.conflicts.map((c) => [c.conflict.pathString, c.sides])).toEqual([
      ['$.nodes["b"].config.code', ['ours', 'theirs', 'base']],
      ['$.nodes["c"]', ['ours', 'theirs', 'base']],
      ['$.wires["a:0->d:0"]', ['ours', 'theirs']],
    ]);
    expect(openConflicts('{"version":1}')).toBeUndefined();
    expect(openConflicts('not json')).toBeUndefined();
  });

  it('applies one side per conflict: a value, a removed node with its wires, a wire left out; the flow validates', () => {
    const open = openConflicts(mergedFile());
    if (!open) throw new Error('no conflicts');
    const text = resolveConflicts(
      open.file,
      new Map([
        [0, 'theirs'],
        [1, 'ours'],
        [2, 'ours'],
      ]),
    );
    const flow = JSON.parse(text) as Flow;
    expect(flow).not.toHaveProperty('conflicts');
    expect(flow.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(flow.nodes[1]?.config['code']).toBe('return Y;');
    expect(flow.wires).toEqual([wire('a', 'b')]);
    expect(validateFlow(flow).ok).toBe(true);
  });

  it('keeps the other side of a removal, takes the base value, and leaves unchosen conflicts listed', () => {
    const open = openConflicts(mergedFile());
    if (!open) throw new Error('no conflicts');
    const partial = JSON.parse(
      resolveConflicts(
        open.file,
        new Map([
          [0, 'base'],
          [1, 'theirs'],
        ]),
      ),
    ) as Flow & { conflicts: Array<{ pathString: string }> };
    expect(partial.nodes.find((n) => n.id === 'b')?.config['code']).toBe('return msg;');
    expect(partial.nodes.find((n) => n.id === 'c')?.config).toEqual({ complete: true });
    expect(partial.conflicts.map((c) => c.pathString)).toEqual(['$.wires["a:0->d:0"]']);
    // A file with conflicts left does not validate, so it cannot be imported half resolved.
    expect(validateFlow(partial).ok).toBe(false);
  });
});
