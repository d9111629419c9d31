import { afterEach, describe, expect, it } from 'vitest';
import type { DebugEvent, ErrorEvent } from '@millwright/model';
import { EventBus } from '../events/event-bus.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { FlowManager } from './flow-manager.js';
import { debugOf, flow, node, TEST_NODES, waitFor, wire } from './fixtures/flow-helpers.js';

let manager: FlowManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

const writer = flow(
  'one',
  [node('s1', 'test-source'), node('wa', 'test-global', { write: 'a' }), node('wb', 'test-global', { write: 'b' })],
  [wire('s1', 'wa'), wire('s1', 'wb')],
);
const reader = flow('two', [node('s2', 'test-source'), node('r', 'test-global', { read: 'a' })], [wire('s2', 'r')]);

describe('global context quota through the flow manager', () => {
  it("refuses a flow's key beyond its quota, and deletes its keys everywhere when it is removed", async () => {
    const bus = new EventBus();
    const registry = await loadNodeModules([TEST_NODES]);
    manager = new FlowManager({
      registry,
      nodeModules: [TEST_NODES],
      bus,
      isolation: 'in-process',
      limits: { globalEntries: 1 },
    });
    await manager.deploy([writer, reader], 'full');
    const refused = waitFor<ErrorEvent>(bus, (e) => e.type === 'error' && e.nodeId === 'wb');
    await manager.inject('s1');
    expect((await refused).error).toMatchObject({ code: 'context_quota_exceeded', kind: 'user' });
    expect(manager.globalUsage().get('one')).toMatchObject({ entries: 1 });
    const seen = waitFor<DebugEvent>(bus, debugOf('r'));
    await manager.inject('s2');
    expect((await seen).value).toMatchObject({ n: 1 }); // flow two sees flow one's key

    await manager.deploy([reader], 'full');
    expect(manager.globalUsage().has('one')).toBe(false);
    const after = waitFor<DebugEvent>(bus, debugOf('r'));
    await manager.inject('s2');
    expect((await after).value).toBeNull(); // gone from flow two's replica too
  });
});
