import type { DebugEvent, Flow, RuntimeEvent, StatusEvent } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

// Subflows deployed through the admin API as a user would: two definitions (one nested in the
// other), instances in two flows with different parameters, errors and status; in the shared host
// processes (pool isolation, the default), so the expanded flows cross the process boundary.

/** "scale": multiplies by FACTOR (env.get in a function), tags the topic from LABEL (${env.} in a config), reports status. */
const scale: Flow = {
  ...testFlow(
    'scale',
    [
      ['sc-in', 'subflow-in'],
      [
        'sc-mul',
        'function',
        {
          code: "if (msg.payload < 0) throw new Error('negative input'); msg.payload = msg.payload * Number(env.get('FACTOR')); return msg;",
        },
      ],
      [
        'sc-tag',
        'change',
        { rules: [{ action: 'set', property: 'topic', valueType: 'string', value: '${env.LABEL}-units' }] },
      ],
      ['sc-out', 'subflow-out', { port: 0 }],
      ['sc-status', 'subflow-status'],
    ],
    [
      ['sc-in', 'sc-mul'],
      ['sc-mul', 'sc-tag'],
      ['sc-tag', 'sc-out'],
      ['sc-mul', 'sc-status'],
    ],
  ),
  subflow: {
    params: [
      { name: 'FACTOR', type: 'number', required: true },
      { name: 'LABEL', type: 'string', default: 'raw' },
    ],
  },
};

/**
 * "safe": an instance of scale with FACTOR 10, reached through a link inside the definition, and a
 * catch of its own, whose errors leave on output 1.
 */
const safe: Flow = {
  ...testFlow(
    'safe',
    [
      ['sa-in', 'subflow-in'],
      ['sa-link-out', 'link-out', { links: ['sa-link-in'] }],
      ['sa-link-in', 'link-in'],
      ['sa-scale', 'subflow:scale', { FACTOR: 10 }],
      ['sa-catch', 'catch', { scope: 'selected', nodes: ['sa-scale'] }],
      ['sa-ok', 'subflow-out', { port: 0 }],
      ['sa-err', 'subflow-out', { port: 1 }],
    ],
    [
      ['sa-in', 'sa-link-out'],
      ['sa-link-in', 'sa-scale'],
      ['sa-scale', 'sa-ok'],
      ['sa-catch', 'sa-err'],
    ],
  ),
  subflow: {},
};

const inject = (payload: number) => ({ payloadType: 'number', payload: String(payload) });
const flowA = testFlow(
  'A',
  [
    ['a-10', 'inject', inject(10)],
    ['a-neg', 'inject', inject(-1)],
    ['a-s1', 'subflow:scale', { FACTOR: 2 }],
    ['a-out', 'debug', { property: 'complete' }],
    ['a-catch', 'catch', { scope: 'selected', nodes: ['a-s1'] }],
    ['a-caught', 'debug', { property: 'error' }],
    ['a-status', 'status', { scope: 'selected', nodes: ['a-s1'] }],
    ['a-status-out', 'debug', { property: 'status' }],
  ],
  [
    ['a-10', 'a-s1'],
    ['a-neg', 'a-s1'],
    ['a-s1', 'a-out'],
    ['a-catch', 'a-caught'],
    ['a-status', 'a-status-out'],
  ],
);
const flowB = testFlow(
  'B',
  [
    ['b-10', 'inject', inject(10)],
    ['b-neg', 'inject', inject(-1)],
    ['b-s2', 'subflow:scale', { FACTOR: 3, LABEL: 'mm' }],
    ['b-safe', 'subflow:safe'],
    ['b-out', 'debug', { property: 'complete' }],
    ['b-safe-ok', 'debug', { property: 'payload' }],
    ['b-safe-err', 'debug', { property: 'error' }],
    ['b-catch', 'catch', { scope: 'all' }],
    ['b-caught', 'debug', { property: 'error' }],
  ],
  [
    ['b-10', 'b-s2'],
    ['b-10', 'b-safe'],
    ['b-neg', 'b-safe'],
    ['b-s2', 'b-out'],
    ['b-safe', 'b-safe-ok', 0],
    ['b-safe', 'b-safe-err', 1],
    ['b-catch', 'b-caught'],
  ],
);

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ nodeModules: ['@millwright/nodes-core'], isolation: 'pool' });
}, 30_000);
afterAll(() => t?.close());

const debugOf =
  (nodeId: string) =>
  (e: RuntimeEvent): e is DebugEvent =>
    e.type === 'debug' && e.nodeId === nodeId;

describe('subflows deployed', () => {
  it('refuses an instance with a parameter of the wrong type, with its path', async () => {
    const bad = testFlow('bad', [['x', 'subflow:scale', { FACTOR: 'two' }]]);
    const r = await t.api('POST', '/api/flows', { flows: [scale, bad] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('$[1].nodes[0].config.FACTOR');
  });

  it('runs two instances with different parameters, routes errors to the right catch and reports status', async () => {
    const deployed = await t.api('POST', '/api/flows', { flows: [scale, safe, flowA, flowB] });
    expect(deployed.status).toBe(200);
    for (const id of ['a-10', 'b-10']) expect((await t.api('POST', `/api/inject/${id}`)).status).toBe(200);
    const a = await waitForEvent(t, debugOf('a-out'));
    const b = await waitForEvent(t, debugOf('b-out'));
    expect(a.value).toMatchObject({ payload: 20, topic: 'raw-units' });
    expect(b.value).toMatchObject({ payload: 30, topic: 'mm-units' });
    expect((await waitForEvent(t, debugOf('b-safe-ok'))).value).toBe(100);

    // Status output: the instance's own id carries the status, and the flow's status node sees it.
    const status = await waitForEvent(t, (e): e is StatusEvent => e.type === 'status' && e.nodeId === 'a-s1');
    expect(status.status).toEqual({ text: '20' });
    expect((await waitForEvent(t, debugOf('a-status-out'))).value).toMatchObject({
      text: '20',
      source: { id: 'a-s1' },
    });

    // No catch inside "scale": the flow's catch scoped to the instance gets the error.
    await t.api('POST', '/api/inject/a-neg');
    const caught = await waitForEvent(t, debugOf('a-caught'));
    expect(caught.value).toMatchObject({
      message: expect.stringContaining('negative input'),
      source: { id: 'a-s1/sc-mul', type: 'function' },
    });
    // A catch inside "safe" takes the error of its nested instance first: the flow's catch sees none.
    await t.api('POST', '/api/inject/b-neg');
    const inner = await waitForEvent(t, debugOf('b-safe-err'));
    expect(inner.value).toMatchObject({
      message: expect.stringContaining('negative input'),
      source: { id: 'b-safe/sa-scale/sc-mul' },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(t.events.filter(debugOf('b-caught'))).toEqual([]);
  });
});
