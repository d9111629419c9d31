import { serializeFlow, type DebugEvent, type DeployResponse, type RuntimeEvent } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const isDebug =
  (nodeId: string, value: unknown) =>
  (e: RuntimeEvent): e is DebugEvent =>
    e.type === 'debug' && e.nodeId === nodeId && e.value === value;

/** source -> counter -> debug, plus an unconnected counter whose label can change. */
const countingFlow = (id: string, label = 'a') =>
  testFlow(
    id,
    [
      [`${id}-src`, 'test-source'],
      [`${id}-count`, 'test-counter'],
      [`${id}-dbg`, 'test-debug'],
      [`${id}-spare`, 'test-counter', { label }],
    ],
    [
      [`${id}-src`, `${id}-count`],
      [`${id}-count`, `${id}-dbg`],
    ],
  );

describe('admin API: flows', () => {
  it('round-trips a deploy through GET, GET by id and export', async () => {
    t = await startTestRuntime();
    const empty = await t.api('GET', '/api/flows');
    expect(empty).toMatchObject({ status: 200, body: { revision: '0', flows: [] } });

    const flow = countingFlow('f1');
    const deployed = await t.api('POST', '/api/flows', { flows: [flow] });
    expect(deployed.status).toBe(200);
    const body = deployed.body as DeployResponse;
    expect(body).toMatchObject({ mode: 'full', changes: { started: ['f1'], restarted: [], updated: [], stopped: [] } });
    expect(body.revision).not.toBe('0');
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'deploy', revision: body.revision, mode: 'full' }));

    expect((await t.api('GET', '/api/flows')).body).toEqual({ revision: body.revision, flows: [flow] });
    expect((await t.api('GET', '/api/flows/f1')).body).toEqual(flow);
    const exported = await t.api('GET', '/api/flows/f1/export');
    expect(exported.text).toBe(serializeFlow(flow));
    expect(await t.api('GET', '/api/flows/nope')).toMatchObject({ status: 404, body: { code: 'flow_not_found' } });
  });

  it('rejects an invalid flow with issue paths and leaves storage and running flows unchanged', async () => {
    t = await startTestRuntime();
    await t.api('POST', '/api/flows', { flows: [countingFlow('f1')] });
    const before = await t.api('GET', '/api/flows');
    const statesBefore = t.runtime.manager.states();
    const deploysBefore = t.events.filter((e) => e.type === 'deploy').length;

    const bad = countingFlow('f2');
    bad.nodes[1]!.config = { timeoutMs: -5 };
    const res = await t.api('POST', '/api/flows', { flows: [bad] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_flow', message: expect.stringContaining('timeoutMs') });
    const issues = (
      res.body as { issues: Array<{ path: unknown[]; pathString: string; code: string; message: string }> }
    ).issues;
    expect(issues).toContainEqual({
      path: [0, 'nodes', 1, 'config', 'timeoutMs'],
      pathString: '$[0].nodes[1].config.timeoutMs',
      code: 'too_small',
      message: expect.any(String),
    });

    expect(await t.api('GET', '/api/flows')).toEqual(before);
    expect(t.runtime.manager.states()).toEqual(statesBefore);
    expect(t.events.filter((e) => e.type === 'deploy')).toHaveLength(deploysBefore);
  });

  it('points at the type of an unknown node', async () => {
    t = await startTestRuntime();
    const res = await t.api('POST', '/api/flows', { flows: [testFlow('f', [['n', 'no-such-node']])] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'invalid_flow',
      issues: [{ pathString: '$[0].nodes[0].type', code: 'unknown_type' }],
    });
    expect(t.runtime.store.revision).toBe('0');
  });

  it('answers 409 when the client deploys over a revision it did not load', async () => {
    t = await startTestRuntime();
    const first = (await t.api('POST', '/api/flows', { flows: [countingFlow('f1')] })).body as DeployResponse;
    const stale = await t.api('POST', '/api/flows', { flows: [], revision: '0' });
    expect(stale).toMatchObject({ status: 409, body: { code: 'revision_conflict', hint: expect.any(String) } });
    expect(t.runtime.store.flows()).toHaveLength(1);
    const fresh = await t.api('POST', '/api/flows', { flows: [], revision: first.revision });
    expect(fresh).toMatchObject({ status: 200, body: { changes: { stopped: ['f1'] } } });
  });

  it('reports what each deploy mode touched; nodes mode keeps unchanged nodes and their state', async () => {
    t = await startTestRuntime();
    const deploy = async (flows: unknown[], mode: string) => {
      const res = await t!.api('POST', '/api/flows', { flows, mode });
      expect(res.status).toBe(200);
      return (res.body as DeployResponse).changes;
    };
    const inject = async (id: string) => expect((await t!.api('POST', `/api/inject/${id}`)).status).toBe(200);

    expect(await deploy([countingFlow('a'), countingFlow('b')], 'full')).toEqual({
      started: ['a', 'b'],
      restarted: [],
      updated: [],
      stopped: [],
    });
    await inject('b-src');
    await inject('b-src');
    await waitForEvent(t, isDebug('b-dbg', 2));

    // nodes mode: b's spare counter changed, the chain did not, so the count goes on at 3
    expect(await deploy([countingFlow('a'), countingFlow('b', 'changed')], 'nodes')).toEqual({
      started: [],
      restarted: [],
      updated: ['b'],
      stopped: [],
    });
    await inject('b-src');
    await waitForEvent(t, isDebug('b-dbg', 3));

    // flows mode: only the changed flow restarts (and loses its count); a is untouched
    await inject('a-src');
    await waitForEvent(t, isDebug('a-dbg', 1));
    expect(await deploy([countingFlow('a'), countingFlow('b', 'again')], 'flows')).toEqual({
      started: [],
      restarted: ['b'],
      updated: [],
      stopped: [],
    });
    await inject('a-src');
    await waitForEvent(t, isDebug('a-dbg', 2));
    t.events.length = 0;
    await inject('b-src');
    await waitForEvent(t, isDebug('b-dbg', 1));

    // full mode restarts what changed and nothing else: an unchanged flow keeps running, state included
    expect(await deploy([countingFlow('a'), countingFlow('b', 'full')], 'full')).toEqual({
      started: [],
      restarted: ['b'],
      updated: [],
      stopped: [],
    });
    await inject('a-src');
    await waitForEvent(t, isDebug('a-dbg', 3));
    expect(await deploy([countingFlow('a')], 'flows')).toMatchObject({ stopped: ['b'] });

    // Restart flows: the deployed flow restarts unchanged, with fresh node state.
    const restart = await t.api('POST', '/api/flows/restart', {});
    expect(restart).toMatchObject({ status: 200, body: { restarted: ['a'] } });
    await inject('a-src');
    await waitForEvent(t, isDebug('a-dbg', 1));
    expect((await t.api('POST', '/api/flows/restart', { flows: 'a' })).status).toBe(400);
  });

  it('refuses a bad deploy mode and a body without flows', async () => {
    t = await startTestRuntime();
    expect(await t.api('POST', '/api/flows', { flows: [], mode: 'some' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_request', message: expect.stringContaining('full, flows, nodes') },
    });
    expect(await t.api('POST', '/api/flows', { nope: 1 })).toMatchObject({
      status: 400,
      body: { code: 'invalid_request' },
    });
  });
});

describe('admin API: nodes, inject, errors', () => {
  it('lists the catalog with JSON Schemas', async () => {
    t = await startTestRuntime();
    const res = await t.api('GET', '/api/nodes');
    const counter = (res.body as Array<{ type: string; configSchema: { properties: Record<string, unknown> } }>).find(
      (n) => n.type === 'test-counter',
    );
    expect(counter?.configSchema.properties).toHaveProperty('timeoutMs');
  });

  it('injects into deployed source nodes; 404 for unknown ids, 400 for nodes that cannot be triggered', async () => {
    t = await startTestRuntime();
    await t.api('POST', '/api/flows', { flows: [countingFlow('f1')] });
    expect(await t.api('POST', '/api/inject/f1-src')).toMatchObject({ status: 200, body: { ok: true } });
    await waitForEvent(t, isDebug('f1-dbg', 1));
    expect(await t.api('POST', '/api/inject/ghost')).toMatchObject({ status: 404, body: { code: 'node_not_found' } });
    expect(await t.api('POST', '/api/inject/f1-count')).toMatchObject({
      status: 400,
      body: { code: 'not_triggerable' },
    });
  });

  it('answers malformed JSON with invalid_json and oversized bodies with 413', async () => {
    t = await startTestRuntime();
    expect(await t.api('POST', '/api/flows', '{"flows": [')).toMatchObject({
      status: 400,
      body: { code: 'invalid_json' },
    });
    const huge = JSON.stringify({ flows: [], padding: 'x'.repeat(6 * 1024 * 1024) });
    expect(await t.api('POST', '/api/flows', huge)).toMatchObject({
      status: 413,
      body: { code: 'payload_too_large', message: expect.stringContaining('5mb') },
    });
    expect(await t.api('GET', '/api/nothing-here')).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});

describe('health and metrics', () => {
  it('reports flow states on /healthz and node counters on /metrics', async () => {
    t = await startTestRuntime();
    await t.api('POST', '/api/flows', { flows: [countingFlow('f1')] });
    await t.api('POST', '/api/inject/f1-src');
    await t.api('POST', '/api/inject/f1-src');
    await waitForEvent(t, isDebug('f1-dbg', 2));

    expect(await t.api('GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok', flows: [{ flowId: 'f1', state: 'running', restarts: 0 }] },
    });
    const metrics = await t.api('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain(
      'millwright_node_messages_received_total{flow="f1",node="f1-count",type="test-counter"} 2',
    );
    expect(metrics.text).toContain(
      'millwright_node_messages_sent_total{flow="f1",node="f1-count",type="test-counter"} 2',
    );
    expect(metrics.text).toContain('millwright_node_errors_total{flow="f1",node="f1-count",type="test-counter"} 0');
    expect(metrics.text).toContain('millwright_flow_restarts_total{flow="f1"} 0');
    expect(metrics.text).toContain('millwright_ws_clients 0');
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
  });

  it.each(['in-process', 'pool'] as const)(
    'says degraded, naming the node, while a node could not start (%s), and ok once a deploy fixes it',
    async (isolation) => {
      // Deploy checks compile function code; an environment variable substituted at start can still
      // break it (here it ends the comment and leaves a stray brace), as a plant's env may.
      process.env['MW_TEST_CODE_TAIL'] = 'tail\n}';
      t = await startTestRuntime({ isolation, nodeModules: ['@millwright/nodes-core'] });
      const withCode = (code: string) =>
        testFlow(
          'f',
          [
            ['src', 'inject', { payloadType: 'number', payload: '1' }],
            ['fn', 'function', { code }],
          ],
          [['src', 'fn']],
        );
      const broken = await t.api('POST', '/api/flows', {
        flows: [withCode('return msg;\n// ${env.MW_TEST_CODE_TAIL}')],
      });
      expect(broken.status).toBe(200);
      expect(await t.api('GET', '/healthz')).toMatchObject({
        status: 200,
        body: {
          status: 'degraded',
          flows: [
            {
              flowId: 'f',
              state: 'running',
              faults: [{ nodeId: 'fn', type: 'function', code: 'function_syntax_error' }],
            },
          ],
        },
      });
      const fixed = await t.api('POST', '/api/flows', { flows: [withCode('return msg;')], mode: 'nodes' });
      expect(fixed.status).toBe(200);
      const healthy = await t.api('GET', '/healthz');
      expect(healthy.body).toEqual({
        status: 'ok',
        flows: [{ flowId: 'f', state: 'running', restarts: 0 }],
        reasons: [],
        connections: [],
      });
      delete process.env['MW_TEST_CODE_TAIL'];
    },
  );

  it('serves a placeholder page when the editor is not built', async () => {
    t = await startTestRuntime({ editorDir: '/nonexistent' });
    const page = await t.api('GET', '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('editor is not built');
    expect(page.text).toContain('/api/flows');
  });
});
