import { runFlow, testNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import unsupported from './index.js';

const original = { id: 'g1', type: 'ui_gauge', z: 'tab1', name: 'Oven', group: 'grp', wires: [[]] };

describe('unsupported node', () => {
  it('shows a red status naming the original type', async () => {
    const h = await testNode(unsupported, { config: { originalType: 'ui_gauge', original } });
    expect(h.statuses(h.nodeId).at(-1)?.status).toEqual({ fill: 'red', shape: 'ring', text: 'unsupported: ui_gauge' });
    await h.stop();
  });

  it('raises an unsupported_node error with the message for every input and sends nothing', async () => {
    const h = await testNode(unsupported, {
      config: { originalType: 'modbus-read', reason: 'no Modbus nodes yet', outputs: 2 },
    });
    h.input({ payload: 7, topic: 'plc' });
    await h.idle();
    const [err] = h.errors(h.nodeId);
    expect(err?.error).toMatchObject({ code: 'unsupported_node', kind: 'user' });
    expect(err?.error.message).toContain('"modbus-read" is not supported (no Modbus nodes yet)');
    expect(err?.msgId).toBeDefined();
    expect(h.outputs(h.nodeId, 0)).toEqual([]);
    expect(h.outputs(h.nodeId, 1)).toEqual([]);
    await h.stop();
  });

  it('reaches a catch node with the failed message', async () => {
    const h = await runFlow(
      {
        version: 1,
        id: 'f',
        name: 'f',
        nodes: [
          { id: 'u', type: 'unsupported', typeVersion: 1, config: { originalType: 'x' }, position: { x: 0, y: 0 } },
        ],
        wires: [],
      },
      [unsupported],
    );
    h.send('u', { payload: 'lost?' });
    await h.idle();
    expect(h.errors('u')).toHaveLength(1);
    await h.stop();
  });

  it('keeps the port count of the original and its JSON untouched', () => {
    const cfg = unsupported.config.parse({ originalType: 'ui_gauge', outputs: 3, original });
    expect(unsupported.outputsFor?.(cfg)).toEqual(['out 1', 'out 2', 'out 3']);
    expect(cfg.original).toEqual(original);
    expect(unsupported.config.safeParse({}).success).toBe(false); // originalType is required
  });
});
