import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NodeRedImportResponse, RuntimeEvent } from '@millwright/model';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, waitForEvent, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';

// The same Node-RED export run in Node-RED (in this process, headless) and, converted, in the
// Millwright runtime; the HTTP answers are compared: a template's HTML page with cookies in and
// out, a redirect, and an error routed by a catch node on msg.error.source.id. Known differences
// (documented in docs/node-red-import.md) are the base path `/http` and the cookie path.
const EXPORT = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../fixtures/node-red-side-by-side/http-catch-cookies.json', import.meta.url)),
    'utf8',
  ),
) as unknown[];

// node-red ships no type declarations: imported by a name TypeScript does not resolve.
const NODE_RED: string = 'node-red';
interface NodeRedApi {
  init(server: Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpNode: express.Express;
}

let red: { api: NodeRedApi; server: Server; url: string; dir: string } | undefined;
let mw: TestRuntime | undefined;

beforeAll(async () => {
  const startRed = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'millwright-node-red-'));
    await writeFile(join(dir, 'flows.json'), JSON.stringify(EXPORT));
    const api = ((await import(NODE_RED)) as { default: NodeRedApi }).default;
    const app = express();
    const server = createServer(app);
    api.init(server, {
      userDir: dir,
      flowFile: join(dir, 'flows.json'),
      httpAdminRoot: false,
      httpNodeRoot: '/',
      credentialSecret: 'side-by-side',
      logging: { console: { level: 'off' } },
    });
    app.use('/', api.httpNode);
    await api.start();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    red = { api, server, dir, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    // Node-RED's start resolves before its flows have added their routes (404 until then; seen under
    // load in CI): wait for the page.
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${red.url}/page`)).status === 404 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  };
  const startMillwright = async () => {
    mw = await startTestRuntime({
      nodeModules: ['@millwright/nodes-core', '@millwright/nodes-enterprise'],
      isolation: 'worker',
    });
    const imported = await mw.api('POST', '/api/import/node-red', EXPORT);
    const { flows, report } = imported.body as NodeRedImportResponse;
    expect(report.placeholders).toEqual([]);
    expect((await mw.api('POST', '/api/flows', { flows })).status).toBe(200);
    await waitForEvent(
      mw,
      (e): e is RuntimeEvent => e.type === 'flow-state' && e.flowId === flows[0]?.id && e.state === 'running',
      30_000,
    );
  };
  await Promise.all([startRed(), startMillwright()]);
}, 60_000);

afterAll(async () => {
  await red?.api.stop();
  await new Promise((r) => red?.server.close(r));
  if (red) await rm(red.dir, { recursive: true, force: true });
  await mw?.close();
});

/** GET on both: Node-RED at its root, Millwright below /http. */
async function both(path: string, init: RequestInit = {}): Promise<[Response, Response]> {
  if (!red || !mw) throw new Error('not started');
  const opts = { redirect: 'manual' as const, ...init };
  return Promise.all([fetch(`${red.url}${path}`, opts), fetch(`${mw.url}/http${path}`, opts)]);
}

describe('converted flows answer HTTP as Node-RED does', () => {
  it("serves a template's HTML page as text/html, with the request's cookies, and sets and clears cookies", async () => {
    const [n, m] = await both('/page', { headers: { cookie: 'shift=late' } });
    expect(m.status).toBe(n.status);
    expect(n.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(m.headers.get('content-type')).toBe(n.headers.get('content-type'));
    expect(await m.text()).toBe(await n.text()); // "Shift late": msg.req.cookies reached the template
    // Same cookies set and cleared; the path is the endpoints' base (Node-RED: /, Millwright: /http).
    const cookies = (r: Response) => r.headers.getSetCookie().map((c) => c.replace(/; Path=\/(http)?/, ''));
    expect(cookies(m)).toEqual(cookies(n));
    expect(cookies(n)).toEqual(['visited=yes', 'shift=; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(m.headers.getSetCookie()[0]).toBe('visited=yes; Path=/http');
  });

  it('redirects to the same endpoint, below /http in Millwright', async () => {
    const [n, m] = await both('/old-board');
    expect([n.status, m.status]).toEqual([302, 302]);
    expect(n.headers.get('location')).toBe('/page');
    expect(m.headers.get('location')).toBe('/http/page');
  });

  it('routes an error on msg.error.source.id and answers the same source', async () => {
    const [n, m] = await both('/count?n=abc');
    expect([n.status, m.status]).toEqual([400, 400]);
    const source = { id: '2233445566778899', type: 'function', name: 'parse count', count: 1 };
    expect(await n.json()).toEqual(source);
    expect(await m.json()).toEqual(source);
  });

  it('shows function code the same message properties (no msg.trace in the sandbox)', async () => {
    const [n, m] = await both('/count?n=7');
    const body = { count: 7, keys: ['payload', 'req', 'res'] };
    expect(await n.json()).toEqual(body);
    expect(await m.json()).toEqual(body);
  });
});
