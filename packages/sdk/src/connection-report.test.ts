import type { ConnectionEvent } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConnectionStatus } from './connection-badge.js';
import { redactTarget, redactUserInfo, reportConnectionStatus } from './connection-report.js';
import { defineNode } from './define-node.js';
import { testNode } from './harness/test-node.js';

describe('redactTarget', () => {
  it('removes user name and password from a URL and keeps anything else as it is', () => {
    expect(redactTarget('mqtt://line4:s3cret@broker.plant:1883')).toBe('mqtt://broker.plant:1883');
    expect(redactTarget('opc.tcp://ops@plc-7:4840/UA')).toBe('opc.tcp://plc-7:4840/UA');
    expect(redactTarget('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
    expect(redactTarget('COM3 at 9600 baud')).toBe('COM3 at 9600 baud');
  });

  it('also cleans URLs quoted in a message', () => {
    expect(redactUserInfo('cannot reach mqtts://line4:s3cret@broker:8883 (timeout); opc.tcp://plc:4840 too')).toBe(
      'cannot reach mqtts://broker:8883 (timeout); opc.tcp://plc:4840 too',
    );
  });
});

describe('NodeContext.reportConnection', () => {
  /** A node that reports whatever connection status its input carries, as a config node would. */
  const holder = defineNode({
    type: 'test-connection-holder',
    category: 'test',
    version: 1,
    description: 'reports msg.payload as its connection status',
    inputs: 1,
    outputs: [],
    config: z.object({ required: z.boolean().default(true) }),
    setup(ctx) {
      return {
        input: (msg) =>
          reportConnectionStatus(ctx, 'mqtt://u:p@broker:1883', msg.payload as ConnectionStatus, ctx.config.required),
      };
    },
  });

  it('emits connection events with target and message redacted, lifecycle states mapped to up, down and closed', async () => {
    const h = await testNode(holder, { config: { required: false } });
    const statuses: ConnectionStatus[] = [
      { state: 'connecting' },
      { state: 'connected' },
      { state: 'reconnecting', message: 'connection lost to mqtt://u:p@broker:1883' },
      { state: 'closed' },
    ];
    for (const payload of statuses) h.input({ payload });
    await h.idle();
    const events = h.events.filter((e): e is ConnectionEvent => e.type === 'connection');
    expect(events.map(({ time: _time, ...e }) => e)).toEqual([
      {
        type: 'connection',
        flowId: 'test-flow',
        nodeId: h.nodeId,
        nodeType: 'test-connection-holder',
        state: 'disconnected',
        message: 'connecting',
        target: 'mqtt://broker:1883',
        required: false,
      },
      {
        type: 'connection',
        flowId: 'test-flow',
        nodeId: h.nodeId,
        nodeType: 'test-connection-holder',
        state: 'connected',
        target: 'mqtt://broker:1883',
        required: false,
      },
      {
        type: 'connection',
        flowId: 'test-flow',
        nodeId: h.nodeId,
        nodeType: 'test-connection-holder',
        state: 'disconnected',
        message: 'connection lost to mqtt://broker:1883',
        target: 'mqtt://broker:1883',
        required: false,
      },
      {
        type: 'connection',
        flowId: 'test-flow',
        nodeId: h.nodeId,
        nodeType: 'test-connection-holder',
        state: 'closed',
        target: 'mqtt://broker:1883',
        required: false,
      },
    ]);
    await h.stop();
  });
});
