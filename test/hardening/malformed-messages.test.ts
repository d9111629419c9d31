import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeB2mml } from '@millwright/isa95';
import type { FlowMessage } from '@millwright/model';
import { testNode, type AnyNodeDefinition, type NodeHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import csv from '../../nodes/enterprise/csv/index.js';
import erpPost from '../../nodes/enterprise/erp-post/index.js';
import fileRead from '../../nodes/enterprise/file-read/index.js';
import fileWrite from '../../nodes/enterprise/file-write/index.js';
import httpRequest from '../../nodes/enterprise/http-request/index.js';
import httpResponse from '../../nodes/enterprise/http-response/index.js';
import isa95Map from '../../nodes/enterprise/isa95-map/index.js';
import { TEST_CONFINEMENT } from '../../nodes/enterprise/testing/confinement.js';
import { startTestServer, type TestServer } from '../../nodes/enterprise/testing/http-server.js';
import oee from '../../nodes/mes/oee/index.js';
import qualityCheck from '../../nodes/mes/quality-check/index.js';
import { performance } from '../../packages/isa95/src/test-support/fixtures.js';
import { deepNest } from './fuzz-support.js';

/**
 * Malformed messages at the protocol and MES nodes: each node gets wrong-typed, empty, huge and
 * deeply nested payloads. None may throw out of its handler (the engine would report that as
 * `node_error` with a TypeError or RangeError name); every error must carry the node's own code
 * and a message; and the node must still handle a good message afterwards.
 */
const shared = { payload: 'x' };
const BAD: Array<Partial<FlowMessage>> = [
  {},
  { payload: undefined },
  { payload: null },
  { payload: 42 },
  { payload: Number.NaN },
  { payload: true },
  { payload: '' },
  { payload: 'not <xml or csv "' },
  { payload: [] },
  { payload: {} },
  { payload: [1, 'a', null, { b: [] }] },
  { payload: new Uint8Array([0xff, 0xfe, 0x00]) },
  { payload: 'x'.repeat(5_000_000) },
  // Deeper than ~5,000 levels, JSON.stringify itself overflows the stack (see docs/hardening.md).
  { payload: deepNest(3_000, 'object') },
  { payload: deepNest(3_000, 'array') },
  { payload: { a: shared, b: shared, c: [shared, shared] } }, // shared references (cyclic-ish)
  { payload: { value: '12', temperatureDeviation: 'hot', state: 42 }, topic: 42 as unknown as string },
  { payload: { toString: 'not a function', valueOf: null, __proto__: { polluted: true } } },
];

/** Error names that mean the node's own code threw rather than reported. */
const CRASH_NAMES = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'InternalError'];

let dir: string;
let server: TestServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mw-malformed-'));
  server = await startTestServer(
    (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok') && undefined,
  );
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
let h: NodeHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

interface Case {
  def: AnyNodeDefinition;
  config: () => Record<string, unknown>;
  good: () => Partial<FlowMessage>;
  dataDir?: boolean;
  /** How the good message shows: an output (default) or no new error. */
  goodShows?: 'output' | 'no-error';
}

const CASES: Record<string, Case> = {
  csv: { def: csv, config: () => ({}), good: () => ({ payload: 'a,b\n1,2\n' }) },
  'isa95-map': {
    def: isa95Map,
    config: () => ({ direction: 'b2mml-to-json' }),
    good: () => ({ payload: encodeB2mml(performance) }),
  },
  'file-write': {
    def: fileWrite,
    config: () => ({ path: 'out.txt', baseDir: dir, mode: 'append' }),
    good: () => ({ payload: 'line' }),
  },
  // The payload does not matter to file-read (the path is configured): it must read on regardless.
  'file-read': {
    def: fileRead,
    config: () => {
      writeFileSync(join(dir, 'in.txt'), 'a\nb\n');
      return { path: 'in.txt', baseDir: dir, output: 'lines' };
    },
    good: () => ({ payload: 'x' }),
  },
  'http-request': {
    def: httpRequest,
    config: () => ({ url: server.url, method: 'POST' }),
    good: () => ({ payload: 'x' }),
  },
  'http-response': {
    def: httpResponse,
    config: () => ({}),
    good: () => ({ payload: 'x', res: { id: 'request-1' } }),
    goodShows: 'no-error',
  },
  'erp-post': {
    def: erpPost,
    config: () => ({ url: server.url, baseDelayMs: 20, maxDelayMs: 50 }),
    good: () => ({ payload: '<ok/>' }),
    dataDir: true,
  },
  'quality-check': {
    def: qualityCheck,
    config: () => ({ characteristics: [{ name: 'd', property: 'payload.value', lsl: 9, usl: 11 }] }),
    good: () => ({ payload: { value: 10 } }),
  },
  oee: {
    def: oee,
    config: () => ({ idealCycleTimeMs: 1000, emitOn: 'update' }),
    good: () => ({ payload: { state: 'running', good: 1, reject: 0 } }),
    goodShows: 'no-error',
  },
};

describe('malformed messages at protocol and MES nodes', () => {
  for (const [type, c] of Object.entries(CASES)) {
    it(`${type}: clear coded errors, no crash, still works`, async () => {
      const answers: unknown[] = [];
      h = await testNode(c.def, {
        config: c.config(),
        respond: (replyTo, response) => answers.push({ replyTo, response }),
        confinement: TEST_CONFINEMENT, // temp folders and the loopback test server
        ...(c.dataDir ? { dataDir: join(dir, type) } : {}),
      });
      for (const m of BAD) h.input(m);
      await h.idle();
      await new Promise((r) => setTimeout(r, 100));
      const errors = h.errors().map((e) => e.error);
      for (const e of errors) {
        expect(e.code, `${type}: ${e.name} ${e.message}`).not.toBe('node_error');
        expect(CRASH_NAMES, `${type}: ${e.code} ${e.message}`).not.toContain(e.name);
        expect(e.message.length).toBeGreaterThan(0);
      }
      const outputsBefore = h.outputs(h.nodeId).length;
      const errorsBefore = errors.length;
      h.input(c.good());
      await h.idle();
      const end = Date.now() + 5_000;
      while ((c.goodShows ?? 'output') === 'output' && h.outputs(h.nodeId).length === outputsBefore && Date.now() < end)
        await new Promise((r) => setTimeout(r, 10));
      if ((c.goodShows ?? 'output') === 'output') expect(h.outputs(h.nodeId).length).toBeGreaterThan(outputsBefore);
      else
        expect(
          h
            .errors()
            .slice(errorsBefore)
            .map((e) => e.error.message),
        ).toEqual([]);
      if (type === 'http-response') expect(answers).toEqual([expect.objectContaining({ replyTo: 'request-1' })]);
    });
  }
});
