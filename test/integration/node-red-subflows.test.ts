import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Flow, NodeRedImportResponse } from '@millwright/model';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';

// A Node-RED export with a subflow ("scale": FACTOR and UNIT env properties, an input, an output
// and a status output) used by two instances with different parameters, run in Node-RED (in this
// process, headless) and, converted, in Millwright; the HTTP answers are compared. Known
// differences: the base path `/http` of Millwright's endpoints (docs/node-red-import.md).
const EXPORT = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/node-red-side-by-side/subflows.json', import.meta.url)), 'utf8'),
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
let converted: NodeRedImportResponse | undefined;

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
    // Node-RED's start resolves before its flows have added their routes (404 until then).
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${red.url}/status2`)).status === 404 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  };
  const startMillwright = async () => {
    mw = await startTestRuntime({ nodeModules: ['@millwright/nodes-core', '@millwright/nodes-enterprise'] });
    converted = (await mw.api('POST', '/api/import/node-red', EXPORT)).body as NodeRedImportResponse;
    // The deploy answers once the flows run (in-process hosts).
    expect((await mw.api('POST', '/api/flows', { flows: converted.flows })).status).toBe(200);
  };
  await Promise.all([startRed(), startMillwright()]);
}, 60_000);

afterAll(async () => {
  await red?.api.stop();
  await new Promise((r) => red?.server.close(r));
  if (red) await rm(red.dir, { recursive: true, force: true });
  await mw?.close();
});

/** GET on both: Node-RED at its root, Millwright below /http; status and JSON body of each. */
async function both(path: string): Promise<Array<{ status: number; body: unknown }>> {
  if (!red || !mw) throw new Error('not started');
  return Promise.all(
    [`${red.url}${path}`, `${mw.url}/http${path}`].map(async (url) => {
      const r = await fetch(url);
      return { status: r.status, body: (await r.json()) as unknown };
    }),
  );
}

describe('a Node-RED subflow converted and run side by side with Node-RED', () => {
  it('converts without placeholders into one definition and two instances', () => {
    expect(converted?.report.placeholders).toEqual([]);
    const def = converted?.flows.find((f: Flow) => f.subflow);
    expect(def?.subflow?.params).toEqual([
      { name: 'FACTOR', type: 'number', default: 2 },
      { name: 'UNIT', type: 'string', default: 'kg' },
    ]);
    expect(def?.nodes.map((n) => n.type).sort()).toEqual(
      ['change', 'function', 'function', 'subflow-in', 'subflow-out', 'subflow-status'].sort(),
    );
  });

  it('gives each instance its own parameters: the defaults, and FACTOR 3 / UNIT mm', async () => {
    for (const [path, body] of [
      ['/scale2?v=10', { value: 20, unit: 'kg' }],
      ['/scale3?v=10', { value: 30, unit: 'mm' }],
      ['/scale3?v=1.5', { value: 4.5, unit: 'mm' }],
    ] as const) {
      const [n, m] = await both(path);
      expect(n).toEqual({ status: 200, body });
      expect(m).toEqual(n);
    }
  });

  it("routes an error inside the subflow to the flow's catch scoped to the instance", async () => {
    const [n, m] = await both('/scale3?v=-1');
    expect(n).toEqual({ status: 400, body: { caught: 'function' } });
    expect(m).toEqual(n);
  });

  it("reports the status output as the instance's status to the flow's status node", async () => {
    await both('/scale2?v=21');
    // The status reaches the status node after the answer: ask until both show it.
    let last: Array<{ status: number; body: unknown }> = [];
    const want = { fill: 'green', shape: 'dot', text: 'last 42' };
    for (let i = 0; i < 50; i++) {
      last = await both('/status2');
      if (last.every((r) => JSON.stringify(r.body) === JSON.stringify(want))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(last[0]?.body).toEqual(want);
    expect(last[1]?.body).toEqual(last[0]?.body);
  });
});
