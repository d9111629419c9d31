import { afterEach, describe, expect, it } from 'vitest';
import type { DebugEvent } from '@millwright/model';
import { EventBus } from '../events/event-bus.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { FlowManager } from './flow-manager.js';
import { countOf, debugOf, flow, node, TEST_NODES, waitFor, wire } from './fixtures/flow-helpers.js';

let manager: FlowManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

async function setup(isolation: 'worker' | 'in-process' = 'worker') {
  const bus = new EventBus();
  const registry = await loadNodeModules([TEST_NODES]);
  manager = new FlowManager({ registry, nodeModules: [TEST_NODES], bus, isolation, restartBackoffMs: 50 });
  return { bus, manager };
}

describe('FlowManager with worker isolation', () => {
  it('runs a flow in a worker and streams its debug events', async () => {
    const { bus, manager } = await setup();
    const changes = await manager.deploy(
      [flow('a', [node('s', 'test-source'), node('c', 'test-counter')], [wire('s', 'c')])],
      'full',
    );
    expect(changes.started).toEqual(['a']);
    const seen = waitFor<DebugEvent>(bus, debugOf('c'));
    await manager.inject('s');
    expect(countOf(await seen)).toBe(1);
    expect(manager.states()).toEqual([{ flowId: 'a', state: 'running', restarts: 0 }]);
    await expect(manager.inject('nope')).rejects.toMatchObject({ code: 'node_not_found' });
  });

  for (const how of ['throw', 'exit', 'oom'] as const) {
    it(`restarts a flow whose worker dies (${how}) while other flows keep running`, async () => {
      const { bus, manager } = await setup();
      manager.options.workerHeapMb = 64;
      await manager.deploy(
        [
          flow('bad', [node('bs', 'test-source'), node('boom', 'test-crasher', { how })], [wire('bs', 'boom')]),
          flow('good', [node('gs', 'test-source'), node('gc', 'test-counter')], [wire('gs', 'gc')]),
        ],
        'full',
      );
      const first = waitFor<DebugEvent>(bus, debugOf('gc'));
      await manager.inject('gs');
      expect(countOf(await first)).toBe(1);

      const crashed = waitFor(
        bus,
        (e) => e.type === 'flow-state' && e.flowId === 'bad' && e.state === 'crashed',
        20_000,
      );
      const crashError = waitFor(
        bus,
        (e) => e.type === 'error' && e.flowId === 'bad' && e.error.code === 'flow_crashed',
        20_000,
      );
      await manager.inject('bs');
      await crashed;
      await crashError;
      // the good flow kept its worker and its state: the count continues
      const second = waitFor<DebugEvent>(bus, debugOf('gc'));
      await manager.inject('gs');
      expect(countOf(await second)).toBe(2);
      // the bad flow comes back by itself
      await waitFor(bus, (e) => e.type === 'flow-state' && e.flowId === 'bad' && e.state === 'running', 20_000);
      expect(manager.states().find((s) => s.flowId === 'bad')).toMatchObject({ state: 'running', restarts: 1 });
    });
  }

  it('backs off between restarts of a crash loop instead of spinning', async () => {
    const { bus, manager } = await setup();
    await manager.deploy(
      [flow('loop', [node('s', 'test-source'), node('x', 'test-crasher', { how: 'exit' })], [wire('s', 'x')])],
      'full',
    );
    // The planned delay is in each crash event ("restarting in N ms"); boot time under load would
    // make wall-clock gaps noisy, the plan is exact: 50 ms doubling with +-20% jitter.
    const delays: number[] = [];
    bus.on((e) => {
      if (e.type === 'flow-state' && e.state === 'crashed')
        delays.push(Number(/restarting in (\d+) ms/.exec(e.detail ?? '')?.[1]));
    });
    for (let i = 0; i < 3; i++) {
      const crashed = waitFor(bus, (e) => e.type === 'flow-state' && e.state === 'crashed', 20_000);
      const running = waitFor(bus, (e) => e.type === 'flow-state' && e.state === 'running', 20_000);
      await manager.inject('s');
      await crashed;
      await running;
    }
    const [d1, d2, d3] = delays as [number, number, number];
    expect(d1).toBeGreaterThanOrEqual(40);
    expect(d1).toBeLessThanOrEqual(60);
    expect(d2).toBeGreaterThan(d1);
    expect(d3).toBeGreaterThan(d2);
    expect(d3).toBeGreaterThanOrEqual(160);
    expect(manager.states()[0]?.restarts).toBe(3);
  });

  it('deploy modes: flows restarts only changed flows; nodes keeps unchanged nodes running', async () => {
    const { bus, manager } = await setup();
    const a = flow('a', [node('as', 'test-source'), node('ac', 'test-counter', { tag: 'a' })], [wire('as', 'ac')]);
    const b = flow(
      'b',
      [node('bs', 'test-source'), node('bc', 'test-counter', { tag: 'b' }), node('bc2', 'test-counter', { tag: 'x' })],
      [wire('bs', 'bc'), wire('bc', 'bc2')],
    );
    await manager.deploy([a, b], 'full');
    for (const id of ['as', 'bs']) {
      const seen = waitFor(bus, debugOf(id === 'as' ? 'ac' : 'bc2'));
      await manager.inject(id);
      await seen;
    }
    const b2 = { ...b, nodes: b.nodes.map((n) => (n.id === 'bc2' ? { ...n, config: { tag: 'changed' } } : n)) };

    expect(await manager.deploy([a, b2], 'nodes')).toEqual({ started: [], restarted: [], updated: ['b'], stopped: [] });
    const bcSeen = waitFor<DebugEvent>(bus, debugOf('bc'));
    const bc2Seen = waitFor<DebugEvent>(bus, debugOf('bc2'));
    await manager.inject('bs');
    expect(countOf(await bcSeen)).toBe(2); // unchanged node kept its context
    expect(await bc2Seen).toMatchObject({ value: { count: 1, tag: 'changed' } }); // changed node restarted

    const a2 = { ...a, nodes: a.nodes.map((n) => (n.id === 'ac' ? { ...n, config: { tag: 'a2' } } : n)) };
    expect(await manager.deploy([a2, b2], 'flows')).toEqual({
      started: [],
      restarted: ['a'],
      updated: [],
      stopped: [],
    });
    const bcAgain = waitFor<DebugEvent>(bus, debugOf('bc'));
    await manager.inject('bs');
    expect(countOf(await bcAgain)).toBe(3); // flow b untouched

    // full mode restarts only what changed: a is unchanged and keeps running
    expect(await manager.deploy([a2], 'full')).toEqual({ started: [], restarted: [], updated: [], stopped: ['b'] });
    await expect(manager.inject('bs')).rejects.toMatchObject({ code: 'node_not_found' });
  });

  it('links across flows and shares global context between workers', async () => {
    const { bus, manager } = await setup();
    await manager.deploy(
      [
        flow(
          'one',
          [
            node('s1', 'test-source'),
            node('fw', 'test-forward', { target: 'c2' }),
            node('g1', 'test-global', { write: 'last' }),
          ],
          [wire('s1', 'g1'), wire('s1', 'fw')],
        ),
        flow('two', [node('c2', 'test-counter'), node('g2', 'test-global', { read: 'last' })], [wire('c2', 'g2')]),
      ],
      'full',
    );
    // g1 writes global before fw forwards (wire order), and both travel through the main thread in order
    const got = waitFor<DebugEvent>(bus, debugOf('g2'));
    await manager.inject('s1');
    const ev = await got;
    expect(ev.value).toEqual({ n: 1, label: '' }); // flow two read flow one's global write
  });
});

describe('FlowManager in-process', () => {
  it('runs the same flows without workers', async () => {
    const { bus, manager } = await setup('in-process');
    await manager.deploy([flow('a', [node('s', 'test-source'), node('c', 'test-counter')], [wire('s', 'c')])], 'full');
    const seen = waitFor<DebugEvent>(bus, debugOf('c'));
    await manager.inject('s');
    expect(countOf(await seen)).toBe(1);
  });
});
