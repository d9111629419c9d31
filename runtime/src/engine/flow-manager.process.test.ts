import { afterEach, describe, expect, it } from 'vitest';
import type { DebugEvent, RuntimeEvent } from '@millwright/model';
import { EventBus } from '../events/event-bus.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { FlowManager } from './flow-manager.js';
import { countOf, debugOf, flow, node, TEST_NODES, waitFor as waitForEvent, wire } from './fixtures/flow-helpers.js';

// isolation: 'process' runs each flow in a child process, so even a V8 fatal error (which no
// worker thread survives: it aborts the whole process) takes down only that flow.
const CORE_NODES = '@millwright/nodes-core';
// Child processes boot slower than threads: this file waits up to 20 s per event.
const waitFor = <T extends RuntimeEvent>(bus: EventBus, pred: (e: RuntimeEvent) => boolean) =>
  waitForEvent<T>(bus, pred, 20_000);

const stateOf = (flowId: string, state: string) => (e: RuntimeEvent) =>
  e.type === 'flow-state' && e.flowId === flowId && e.state === state;

let manager: FlowManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

async function setup(modules: string[] = [TEST_NODES]) {
  const bus = new EventBus();
  const registry = await loadNodeModules(modules);
  manager = new FlowManager({ registry, nodeModules: modules, bus, isolation: 'process', restartBackoffMs: 50 });
  return { bus, manager };
}

/** Injects `gs` and resolves with the count the good flow's counter reports. */
async function goodCount(bus: EventBus, m: FlowManager): Promise<number> {
  const seen = waitFor<DebugEvent>(bus, debugOf('gc'));
  await m.inject('gs');
  return countOf(await seen);
}

const good = flow('good', [node('gs', 'test-source'), node('gc', 'test-counter')], [wire('gs', 'gc')]);

describe('FlowManager with process isolation', () => {
  it('runs a flow in a child process and streams its debug events', async () => {
    const { bus, manager } = await setup();
    expect(await manager.deploy([good], 'full')).toMatchObject({ started: ['good'] });
    expect(await goodCount(bus, manager)).toBe(1);
    expect(await goodCount(bus, manager)).toBe(2);
    expect(manager.states()).toEqual([{ flowId: 'good', state: 'running', restarts: 0 }]);
  });

  for (const how of ['throw', 'exit', 'oom'] as const) {
    it(`restarts only the flow whose process dies (${how})`, async () => {
      const { bus, manager } = await setup();
      manager.options.workerHeapMb = 64;
      const bad = flow('bad', [node('bs', 'test-source'), node('boom', 'test-crasher', { how })], [wire('bs', 'boom')]);
      await manager.deploy([bad, good], 'full');
      expect(await goodCount(bus, manager)).toBe(1);

      const crashed = waitFor(bus, stateOf('bad', 'crashed'));
      const crashError = waitFor(
        bus,
        (e) => e.type === 'error' && e.flowId === 'bad' && e.error.code === 'flow_crashed',
      );
      await manager.inject('bs');
      await Promise.all([crashed, crashError]);
      expect(await goodCount(bus, manager)).toBe(2); // same process, same node context
      await waitFor(bus, stateOf('bad', 'running'));
      expect(manager.states().find((s) => s.flowId === 'bad')).toMatchObject({ state: 'running', restarts: 1 });
    });
  }

  it("contains a function node's fatal V8 out-of-memory to that flow's process", async () => {
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
    await manager.deploy([attack, good], 'full');
    expect(await goodCount(bus, manager)).toBe(1);

    const crashed = waitFor<Extract<RuntimeEvent, { type: 'flow-state' }>>(bus, stateOf('attack', 'crashed'));
    const crashError = waitFor(
      bus,
      (e) => e.type === 'error' && e.flowId === 'attack' && e.error.code === 'flow_crashed',
    );
    let passed = 0;
    const off = bus.on((e) => {
      if (debugOf('ac')(e)) passed++;
    });
    await manager.inject('as');
    const crash = await crashed;
    await crashError;
    expect(crash.detail).toMatch(/killed by SIG|exited with code/);
    expect(await goodCount(bus, manager)).toBe(2);

    await waitFor(bus, stateOf('attack', 'running'));
    expect(manager.states().find((s) => s.flowId === 'attack')).toMatchObject({ state: 'running', restarts: 1 });
    expect(await goodCount(bus, manager)).toBe(3);
    // the allocation never completed, so nothing reached the counter behind the function node
    off();
    expect(passed).toBe(0);
    expect(process.pid).toBeGreaterThan(0); // this test process is still here to assert
  }, 60_000);
});
