import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorEvent, RuntimeEvent } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer } from '../../nodes/enterprise/testing/http-server.js';
import { startTestRuntime, testFlow, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';

// Attacks 4 and 5 of issue 19, through a running runtime with its default settings.json:
// an anonymous caller of an http-in endpoint picks the file name or the URL.
let t: TestRuntime | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  await server?.close();
  t = undefined;
  server = undefined;
});

const NODES = ['@millwright/nodes-core', '@millwright/nodes-enterprise'];
const errors = (rt: TestRuntime, nodeId: string) =>
  rt.events.filter((e: RuntimeEvent): e is ErrorEvent => e.type === 'error' && e.nodeId === nodeId);

/** http-in POST /<path> -> `node` -> http-response 200; errors -> catch -> http-response 400. */
const endpoint = (path: string, node: [string, string, Record<string, unknown>]) =>
  testFlow(
    path,
    [
      ['in', 'http-in', { method: 'POST', path: `/${path}` }],
      node,
      ['ok', 'http-response', { statusCode: 200 }],
      ['caught', 'catch', {}],
      ['refused', 'http-response', { statusCode: 400 }],
    ],
    [
      ['in', node[0]],
      [node[0], 'ok'],
      ['caught', 'refused'],
    ],
  );
const post = (rt: TestRuntime, path: string, body: unknown) =>
  fetch(`${rt.url}/http/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('confinement of flows fed by anonymous callers (issue 19)', () => {
  it('http-in -> file-write with the default config: "../pwned" is refused and nothing is written outside files/', async () => {
    t = await startTestRuntime({ nodeModules: NODES });
    const deployed = await t.api('POST', '/api/flows', {
      flows: [endpoint('upload', ['write', 'file-write', { path: '{{payload.name}}' }])],
    });
    expect(deployed.status, deployed.text).toBe(200);
    const before = (await readdir(t.dataDir)).sort();
    for (const name of ['../pwned', '../../pwned', join(t.dataDir, 'pwned'), '/tmp/pwned-by-issue-19']) {
      expect((await post(t, 'upload', { name })).status, name).toBe(400);
    }
    expect(errors(t, 'write').map((e) => e.error.code)).toEqual(Array(4).fill('file_outside_base'));
    expect((await readdir(t.dataDir)).sort()).toEqual(before); // no pwned, not even a files/ folder yet
    await expect(readFile('/tmp/pwned-by-issue-19')).rejects.toThrow(/ENOENT/);
    // A plain name lands in <data dir>/files.
    expect((await post(t, 'upload', { name: 'order-1.json' })).status).toBe(200);
    expect(await readFile(join(t.dataDir, 'files', 'order-1.json'), 'utf8')).toBe('{"name":"order-1.json"}');
  });

  it("http-request cannot reach the runtime's own admin API, even with loopback allowed", async () => {
    server = await startTestServer((_req, res) => json(res, 200, { legit: true }));
    // The test fixture allows 127.0.0.1 and ::1 (outbound.allow), as a plant with a local ERP would.
    // In a worker thread: the policy reaches flows that run outside the main thread.
    t = await startTestRuntime({ nodeModules: NODES, isolation: 'worker' });
    const deployed = await t.api('POST', '/api/flows', {
      flows: [endpoint('proxy', ['fetch', 'http-request', { url: '{{{payload.url}}}' }])],
    });
    expect(deployed.status, deployed.text).toBe(200);
    const port = new URL(t.url).port;
    const admin = [`${t.url}/api/flows`, `http://localhost:${port}/api/flows`, `http://0.0.0.0:${port}/api/flows`];
    for (const url of admin) expect((await post(t, 'proxy', { url })).status, url).toBe(400);
    // Each call was refused (400 from the catch path); the flow's error events may be rate-limited.
    // Events come from the worker in batches, possibly after the answer: wait for them.
    await expect.poll(() => errors(t!, 'fetch').length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(new Set(errors(t, 'fetch').map((e) => e.error.code))).toEqual(new Set(['outbound_denied']));
    expect(errors(t, 'fetch')[0]?.error.message).toMatch(/own admin port/);
    // The legit loopback server is reachable: the allow entry works.
    expect((await post(t, 'proxy', { url: server.url })).status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it('with no allow entry, loopback and link-local are refused (the default settings)', async () => {
    server = await startTestServer((_req, res) => json(res, 200, { legit: true }));
    t = await startTestRuntime({ nodeModules: NODES, outboundAllow: [] });
    await t.api('POST', '/api/flows', {
      flows: [endpoint('proxy', ['fetch', 'http-request', { url: '{{{payload.url}}}' }])],
    });
    for (const url of [server.url, 'http://169.254.169.254/latest/meta-data/', `${t.url}/api/flows`])
      expect((await post(t, 'proxy', { url })).status, url).toBe(400);
    await expect
      .poll(() => errors(t!, 'fetch').map((e) => e.error.code), { timeout: 5_000 })
      .toEqual(Array(3).fill('outbound_denied'));
    expect(server.requests).toHaveLength(0);
  });
});
