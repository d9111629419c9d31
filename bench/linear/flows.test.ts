import { describe, expect, it } from 'vitest';
import { linearIds, millwrightFlow } from './millwright-flow.js';
import { burstCode, nodeRedFlows } from './node-red-flow.js';
import { pickVariants, VARIANTS } from './variants.js';

type RedNode = { id: string; type: string; z?: string; wires?: string[][] };

/** Node types along a Node-RED tab's chain, from its trigger inject. */
function redChain(nodes: RedNode[], tab: string): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const types: string[] = [];
  let n = nodes.find((x) => x.z === tab && x.id.endsWith('-trigger'));
  while (n) {
    types.push(n.type);
    n = byId.get(n.wires?.[0]?.[0] ?? '');
  }
  return types;
}

describe('millwrightFlow', () => {
  it('chains inject -> function -> change -> counter -> debug, or leaves the payload * 2 function out', () => {
    const chain = (withFunction: boolean) => {
      const flow = millwrightFlow({ messages: 10, index: 0, withFunction });
      const type = new Map(flow.nodes.map((n) => [n.id, n.type]));
      return [flow.wires[0]?.from.node, ...flow.wires.map((w) => w.to.node)].map((id) => type.get(id ?? ''));
    };
    expect(chain(true)).toEqual(['inject', 'function', 'change', 'function', 'debug']);
    expect(chain(false)).toEqual(['inject', 'change', 'function', 'debug']);
  });

  it('gives each copy its own flow and node ids, with the ids the bench drives', () => {
    const [a, b] = [0, 1].map((index) => millwrightFlow({ messages: 10, index, withFunction: true }));
    expect(a?.id).not.toBe(b?.id);
    const ids = [a, b].flatMap((f) => f?.nodes.map((n) => n.id) ?? []);
    expect(new Set(ids).size).toBe(ids.length);
    expect(b?.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(Object.values(linearIds(1))));
  });
});

describe('nodeRedFlows', () => {
  const flows = (withFunction: boolean, files: string[]) =>
    nodeRedFlows({ messages: 10, withFunction, resultFiles: files, lifetimeMs: 1_000 }) as RedNode[];

  it('builds one tab per result file, each the whole chain, with unique ids', () => {
    const nodes = flows(true, ['/r0', '/r1']);
    const tabs = nodes.filter((n) => n.type === 'tab').map((n) => n.id);
    expect(tabs).toHaveLength(2);
    for (const tab of tabs)
      expect(redChain(nodes, tab)).toEqual(['inject', 'function', 'function', 'change', 'function', 'file']);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    expect(nodes.filter((n) => n.id.endsWith('-keepalive'))).toHaveLength(1);
  });

  it('leaves the payload * 2 function out without function', () => {
    const nodes = flows(false, ['/r0']);
    expect(redChain(nodes, 'bench-tab-0')).toEqual(['inject', 'function', 'change', 'function', 'file']);
  });
});

describe('burstCode', () => {
  it('sends no burst until every tab is ready, then sends all and only then starts the clock', () => {
    const store = new Map<string, unknown>();
    const events: string[] = [];
    const global = {
      get: (k: string) => store.get(k),
      set: (k: string, v: unknown) => {
        store.set(k, v);
        if (k === 'start') events.push('start');
      },
    };
    // The generated code runs as a function body, as Node-RED's function node runs it.
    const emitter = new Function('node', 'global', burstCode(3, 2)) as (node: unknown, global: unknown) => unknown;
    const node = (tab: number) => ({ send: (m: unknown[][]) => events.push(`send ${tab}: ${m[0]?.length}`) });
    emitter(node(0), global);
    expect(events).toEqual([]);
    emitter(node(1), global);
    expect(events).toEqual(['send 0: 3', 'send 1: 3', 'start']);
  });
});

describe('variants', () => {
  it('has the three rows, all by default, and picks by key', () => {
    expect(pickVariants(undefined).map((v) => v.label)).toEqual([
      '1 flow, with function',
      '1 flow, no function',
      '2 flows, with function',
    ]);
    expect(pickVariants('two-flows, no-function').map((v) => [v.flows, v.withFunction])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(() => pickVariants('nope')).toThrow(/unknown "nope"/);
    expect(new Set(VARIANTS.map((v) => v.key)).size).toBe(VARIANTS.length);
  });
});
