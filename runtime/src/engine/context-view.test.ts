import type { DebugEvent } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { FlowManager } from './flow-manager.js';
import { countOf, debugOf, flow, node, TEST_NODES, waitFor, wire } from './fixtures/flow-helpers.js';

// The context viewer's path through the hosts the integration test (worker threads) does not take.
let manager: FlowManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

describe('FlowManager.contextView', () => {
  for (const isolation of ['in-process', 'pool'] as const)
    it(`reads and deletes a node's context in a flow hosted ${isolation}`, async () => {
      const bus = new EventBus();
      const registry = await loadNodeModules([TEST_NODES]);
      manager = new FlowManager({ registry, nodeModules: [TEST_NODES], bus, isolation });
      await manager.deploy(
        [flow('a', [node('s', 'test-source'), node('c', 'test-counter')], [wire('s', 'c')])],
        'full',
      );
      const second = waitFor<DebugEvent>(bus, (e) => debugOf('c')(e) && countOf(e as DebugEvent) === 2);
      await manager.inject('s');
      await manager.inject('s');
      await second;

      expect(await manager.contextView({ nodeId: 'c' })).toEqual({
        scope: 'node',
        entries: [{ key: 'count', value: 2, truncated: false, bytes: 1 }],
        total: 1,
        truncated: false,
      });
      expect(await manager.contextView({ flowId: 'a' })).toMatchObject({ scope: 'flow', entries: [], total: 0 });
      await manager.deleteContext({ nodeId: 'c' }, 'count');
      expect((await manager.contextView({ nodeId: 'c' })).entries).toEqual([]);
      await expect(manager.contextView({ nodeId: 'nope' })).rejects.toMatchObject({ code: 'node_not_found' });
      await expect(manager.contextView({ flowId: 'nope' })).rejects.toMatchObject({ code: 'flow_not_found' });
    });
});
