import { afterEach, describe, expect, it } from 'vitest';
import { startSecuredRuntime, type SecuredRuntime } from '../auth/fixtures/secured-runtime.js';
import type { DebugEvent, RuntimeEvent } from '@millwright/model';
import { startTestRuntime, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

const CORE = ['@millwright/nodes-core'];
let t: SecuredRuntime | TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const node = (id: string, type: string, config: Record<string, unknown>) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
/** One flow: an inject and, with `command`, an exec node running it. */
const flows = (command?: string, injectPayload = 'a') => [
  {
    version: 1,
    id: 'ops',
    name: 'ops',
    nodes: [
      node('tick', 'inject', { payload: injectPayload, payloadType: 'string' }),
      ...(command ? [node('run', 'exec', { command, args: ['hello'] })] : []),
    ],
    wires: [],
  },
];
const issuesOf = (body: unknown) =>
  (body as { issues?: Array<{ code: string; pathString: string }> }).issues?.map((i) => [i.code, i.pathString]);

describe('deploying exec nodes', () => {
  it('is refused while settings.json leaves exec off, with the path of the node', async () => {
    t = await startTestRuntime({ nodeModules: CORE });
    const res = await t.api('POST', '/api/flows', { flows: flows('/bin/echo') });
    expect(res.status).toBe(400);
    expect(issuesOf(res.body)).toEqual([['exec_disabled', '$[0].nodes[1].type']]);
    expect(t.runtime.store.flows()).toEqual([]);
  });

  it('needs the admin role for a new or changed exec node and an allowed command; an unchanged one does not stop an editor', async () => {
    const s = await startSecuredRuntime(
      { nodeModules: CORE },
      { nodes: { exec: { enabled: true, allow: ['/bin/echo'] } } },
    );
    t = s;
    const byEditor = await s.api('POST', '/api/flows', { flows: flows('/bin/echo') }, s.tokens.editor);
    expect(byEditor.status).toBe(403);
    expect(byEditor.body).toMatchObject({ code: 'forbidden' });
    expect(JSON.stringify(byEditor.body)).toContain('needs the admin role');
    const notAllowed = await s.api('POST', '/api/flows', { flows: flows('/bin/ls') }, s.tokens.admin);
    expect(notAllowed.status).toBe(400);
    expect(issuesOf(notAllowed.body)).toEqual([['exec_not_allowed', '$[0].nodes[1].config.command']]);
    expect((await s.api('POST', '/api/flows', { flows: flows('/bin/echo') }, s.tokens.admin)).status).toBe(200);
    // The editor changes the inject only: the exec node is as the admin deployed it.
    expect((await s.api('POST', '/api/flows', { flows: flows('/bin/echo', 'b') }, s.tokens.editor)).status).toBe(200);
  });

  it('runs an allowed command in a worker host: the settings reach the node there', async () => {
    const rt = await startSecuredRuntime(
      { nodeModules: CORE, isolation: 'worker' },
      { nodes: { exec: { enabled: true, allow: ['/bin/echo'] } } },
    );
    t = rt;
    const flow = {
      version: 1,
      id: 'ops',
      name: 'ops',
      nodes: [
        node('tick', 'inject', { once: true, onceDelayMs: 10, payload: 'from the worker', payloadType: 'string' }),
        node('run', 'exec', { command: '/bin/echo', args: ['said'], appendPayload: true }),
        node('show', 'debug', {}),
      ],
      wires: [
        { from: { node: 'tick', port: 0 }, to: { node: 'run', port: 0 } },
        { from: { node: 'run', port: 0 }, to: { node: 'show', port: 0 } },
      ],
    };
    expect((await rt.api('POST', '/api/flows', { flows: [flow] }, rt.tokens.admin)).status).toBe(200);
    const shown = await waitForEvent(
      rt,
      (e: RuntimeEvent): e is DebugEvent => e.type === 'debug' && e.nodeId === 'show',
    );
    expect(shown.value).toBe('said from the worker\n');
  });
});
