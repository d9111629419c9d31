import { afterEach, describe, expect, it } from 'vitest';
import { FlowError, type Flow } from '@millwright/model';
import { EventBus } from '../events/event-bus.js';
import { loadNodeModules } from '../registry/load-node-modules.js';
import { FlowManager } from './flow-manager.js';
import { flow, node, TEST_NODES, wire } from './fixtures/flow-helpers.js';

// An error keeps its code and kind across the boundary to the flow's host: what the user did wrong
// stays `user`, an engine fault stays `unexpected` (never blamed on the user).
let manager: FlowManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

describe('errors from a flow host', () => {
  for (const isolation of ['pool', 'worker'] as const)
    it(`keep their code and kind (${isolation})`, async () => {
      const bus = new EventBus();
      const registry = await loadNodeModules([TEST_NODES]);
      manager = new FlowManager({ registry, nodeModules: [TEST_NODES], bus, isolation, poolSize: 1 });
      const good: Flow = flow('good', [node('gs', 'test-source'), node('gc', 'test-counter')], [wire('gs', 'gc')]);
      await manager.deploy([good], 'full');

      const notTriggerable = await manager.inject('gc').catch((e: unknown) => e);
      expect(notTriggerable).toBeInstanceOf(FlowError);
      expect(notTriggerable).toMatchObject({ code: 'not_triggerable', kind: 'user' });

      // A spec the engine cannot handle (wires is not a list; validation never lets one through):
      // the engine throws in the host, and that is a fault of ours, not the user's.
      const broken = { ...good, name: 'changed', wires: 42 } as unknown as Flow;
      const fault = await manager.deploy([broken], 'nodes').catch((e: unknown) => e);
      expect(fault).toMatchObject({ kind: 'unexpected' });
      expect(fault).not.toMatchObject({ kind: 'user' });
    });
});
