import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DebugEvent, Flow, RuntimeEvent } from '@millwright/model';
import { EventBus } from '../events/event-bus.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { FlowManager } from './flow-manager.js';
import { countOf, debugOf, flow, node, TEST_NODES, waitFor as waitForEvent, wire } from './fixtures/flow-helpers.js';

// isolation: 'pool' runs many flows in each of a few shared host processes. A V8 fatal error in one
// flow's function code ends one host: its flows restart on a live host, the others never notice, and
// a flow that keeps losing its host moves to a process of its own.
const CORE_NODES = '@millwright/nodes-core';
const waitFor = <T extends RuntimeEvent>(bus: EventBus, pred: (e: RuntimeEvent) => boolean, ms = 60_000) =>
  waitForEvent<T>(bus, pred, ms);
const stateOf = (flowId: string, state: string) => (e: RuntimeEvent) =>
  e.type === 'flow-state' && e.flowId === flowId && e.state === state;

let manager: FlowManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

async function setup(modules: string[] = [TEST_NODES], poolSize = 2, poolFlowsPerHost = 1) {
  const bus = new EventBus();
  const registry = await loadNodeModules(modules);
  manager = new FlowManager({
    registry,
    nodeModules: modules,
    bus,
    isolation: 'pool',
    poolSize,
    poolFlowsPerHost,
    restartBackoffMs: 50,
  });
  return { bus, manager };
}

const counting = (id: string): Flow =>
  flow(id, [node(`${id}-s`, 'test-source'), node(`${id}-c`, 'test-counter')], [wire(`${id}-s`, `${id}-c`)]);

async function count(bus: EventBus, m: FlowManager, id: string): Promise<number> {
  const seen = waitFor<DebugEvent>(bus, debugOf(`${id}-c`));
  await m.inject(`${id}-s`);
  return countOf(await seen);
}

describe('FlowManager with a pool of shared host processes', () => {
  it('fills one host first, then spreads flows over the pool up to its size', async () => {
    const { bus, manager } = await setup([TEST_NODES], 2, 4);
    await manager.deploy(['a', 'b', 'c'].map(counting), 'full');
    expect(manager.hostProcesses().map((h) => h.flows.length)).toEqual([3]);
    await manager.deploy(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(counting), 'full');
    expect(manager.hostProcesses().map((h) => h.flows.length)).toEqual([5, 5]); // then the least loaded
    for (const id of ['a', 'j']) expect(await count(bus, manager, id)).toBe(1);
  });

  it('spreads flows over the pool, one process per slot of the pool, and runs them all', async () => {
    const { bus, manager } = await setup();
    const flows = ['a', 'b', 'c', 'd', 'e', 'f'].map(counting);
    expect((await manager.deploy(flows, 'full')).started.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const hosts = manager.hostProcesses();
    expect(hosts).toHaveLength(2);
    expect(hosts.map((h) => h.flows.length)).toEqual([3, 3]);
    for (const f of flows) expect(await count(bus, manager, f.id)).toBe(1);
    expect(manager.states().every((s) => s.state === 'running')).toBe(true);
  });

  it('restarts nothing on a full deploy of unchanged flows, and only the changed flow otherwise', async () => {
    const { bus, manager } = await setup();
    const flows = [counting('a'), counting('b')];
    await manager.deploy(flows, 'full');
    expect(await count(bus, manager, 'a')).toBe(1);
    expect(await count(bus, manager, 'b')).toBe(1);
    const pids = manager.hostProcesses().map((h) => h.pid);

    expect(await manager.deploy(flows, 'full')).toEqual({ started: [], restarted: [], updated: [], stopped: [] });
    expect(await count(bus, manager, 'a')).toBe(2); // node context survived: nothing restarted
    expect(manager.hostProcesses().map((h) => h.pid)).toEqual(pids);

    const changed = { ...counting('b'), name: 'b renamed' };
    expect(await manager.deploy([flows[0]!, changed], 'flows')).toMatchObject({ restarted: ['b'] });
    expect(await count(bus, manager, 'a')).toBe(3);
    expect(await count(bus, manager, 'b')).toBe(1); // restarted: fresh context
    expect(manager.hostProcesses().map((h) => h.pid)).toEqual(pids); // in the same host processes
  });

  it('runs a flow pinned with isolation "dedicated" in a process of its own', async () => {
    const { bus, manager } = await setup();
    const pinned: Flow = { ...counting('p'), isolation: 'dedicated' };
    await manager.deploy([counting('a'), pinned], 'full');
    expect(await count(bus, manager, 'p')).toBe(1);
    expect(manager.hostProcesses().flatMap((h) => h.flows)).toEqual(['a']);
  });

  it("contains a function node's fatal V8 out-of-memory to one host; a repeat offender moves to its own process", async () => {
    const { bus, manager } = await setup([CORE_NODES, TEST_NODES]);
    const attack = flow(
      'attack',
      [
        node('as', 'test-source'),
        node('fn', 'function', { code: 'new Array(2 ** 28).fill(1.5); return msg;' }),
        node('ac', 'test-counter'),
      ],
      [wire('as', 'fn'), wire('fn', 'ac')],
    );
    manager.options.poolHeapMb = 256;
    const innocents = ['x', 'y', 'z'];
    await manager.deploy([attack, ...innocents.map(counting)], 'full');
    const hostOf = (id: string) => manager.hostProcesses().find((h) => h.flows.includes(id));
    const counts = new Map<string, number>();
    const tick = async (f: string) => {
      const n = await count(bus, manager, f);
      counts.set(f, n);
      return n;
    };
    for (const f of innocents) expect(await tick(f)).toBe(1);

    for (let round = 1; round <= 3; round++) {
      // Flows outside the offender's process at the moment of the crash.
      const apart = innocents.filter((f) => hostOf(f) === undefined || hostOf(f)?.pid !== hostOf('attack')?.pid);
      const before = new Map(apart.map((f) => [f, counts.get(f) ?? 0]));
      const crashed = waitFor<Extract<RuntimeEvent, { type: 'flow-state' }>>(bus, stateOf('attack', 'crashed'));
      await manager.inject('as');
      const detail = (await crashed).detail ?? '';
      const t0 = Date.now();
      expect(detail).toMatch(round <= 2 ? /^shared host process \d+ \(\d+ flow\(s\)\) / : /^process /);
      await waitFor(bus, stateOf('attack', 'running'));
      while (!manager.states().every((s) => s.state === 'running')) {
        expect(Date.now() - t0).toBeLessThan(20_000); // generous: CI runs test files side by side
        await new Promise((r) => setTimeout(r, 50));
      }
      // Every flow runs again within seconds; the ones apart kept their process and node context.
      for (const f of innocents) {
        const n = await tick(f);
        if (before.has(f)) expect(n).toBe(before.get(f)! + 1);
      }
      if (round === 2) expect(hostOf('attack')).toBeUndefined(); // lost two hosts: now in its own process
    }
  }, 180_000);
});

describe('a deploy into a crashed flow', () => {
  it('boots it once, at once: the pending crash restart does not boot it again', async () => {
    const bus = new EventBus();
    const registry = await loadNodeModules([TEST_NODES]);
    manager = new FlowManager({
      registry,
      nodeModules: [TEST_NODES],
      bus,
      isolation: 'pool',
      poolSize: 1,
      restartBackoffMs: 3_000,
    });
    const bad = (tag: string) =>
      flow(
        'bad',
        [node('bs', 'test-source', { label: tag }), node('boom', 'test-crasher', { how: 'exit' })],
        [wire('bs', 'boom')],
      );
    await manager.deploy([bad('v1'), counting('ok')], 'full');
    const crashed = waitFor(bus, stateOf('bad', 'crashed'));
    await manager.inject('bs');
    await crashed;
    const starts: number[] = [];
    bus.on((e) => {
      if (e.type === 'flow-state' && e.flowId === 'bad' && (e.state === 'starting' || e.state === 'restarting'))
        starts.push(Date.now());
    });
    const t0 = Date.now();
    // The fix, deployed while the crash restart still waits for its turn (3 s backoff).
    await manager.deploy([bad('v2'), counting('ok')], 'nodes');
    expect(Date.now() - t0).toBeLessThan(2_500);
    expect(manager.states().find((s) => s.flowId === 'bad')?.state).toBe('running');
    await new Promise((r) => setTimeout(r, 4_000)); // past the old restart's time
    expect(starts).toHaveLength(1);
    expect(manager.states().find((s) => s.flowId === 'bad')?.state).toBe('running');
  }, 30_000);

  it('holds link messages for a flow being redeployed and delivers every one, in order, once it runs', async () => {
    const { bus, manager } = await setup([TEST_NODES], 2, 4);
    const src = flow(
      'src',
      [node('src-s', 'test-source'), node('src-f', 'test-forward', { target: 'dst-c' })],
      [wire('src-s', 'src-f')],
    );
    const dst = (tag: string) => flow('dst', [node('dst-c', 'test-counter', { tag })], []);
    await manager.deploy([src, dst('v1')], 'full');
    const seen: Array<{ tag: string; payload: { n: number } }> = [];
    bus.on((e) => {
      if (e.type === 'debug' && e.nodeId === 'dst-c') seen.push(e.value as (typeof seen)[number]);
    });
    // The redeploy restarts dst while src keeps sending into it: 100 messages are on their way
    // (some still in dst's mailbox) when it starts, 200 more come during and after it.
    let redeploy: Promise<unknown> | undefined;
    for (let i = 0; i < 300; i++) {
      if (i === 100) redeploy = manager.deploy([src, dst('v2')], 'flows');
      await manager.inject('src-s');
      if (i % 25 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect(await redeploy).toMatchObject({ restarted: ['dst'] });
    await vi.waitFor(() => expect(seen.length).toBe(300), { timeout: 10_000 });
    expect(seen.map((v) => v.payload.n)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Both sides of the restart took part: the test really crossed it.
    expect(new Set(seen.map((v) => v.tag))).toEqual(new Set(['v1', 'v2']));
  });
});
