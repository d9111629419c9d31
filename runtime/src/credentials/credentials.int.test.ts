import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { DebugEvent, RuntimeEvent } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { startSecuredRuntime, type SecuredRuntime } from '../auth/fixtures/secured-runtime.js';
import { createLogger } from '../logging/log-events.js';
import { testFlow, waitForEvent } from '../testing/test-runtime.js';

const PLAINTEXT = 'Plc-Pa55word-7f3a9c';
const API_KEY = 'api-key-0b1c2d3e4f';
const digest = (s: string) => createHash('sha256').update(s).digest('hex');

const flow = () =>
  testFlow(
    'f1',
    [
      ['secret1', 'test-secret-source'],
      ['dbg1', 'test-debug'],
    ],
    [['secret1', 'dbg1']],
  );
const isDigest =
  (value: string) =>
  (e: RuntimeEvent): e is DebugEvent =>
    e.type === 'debug' && e.value === value;

let t: SecuredRuntime | undefined;
let logText = '';
afterEach(async () => {
  await t?.close();
  t = undefined;
  logText = '';
});

/** A logger that writes JSON lines into `logText`, with the runtime's redaction. */
function capturingLogger() {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logText += String(chunk);
      done();
    },
  });
  return createLogger('debug', sink);
}

/** Every GET the API offers, as the admin sees it. */
const GET_ROUTES = [
  '/api/flows',
  '/api/flows/f1',
  '/api/flows/f1/export',
  '/api/nodes',
  '/api/auth/me',
  '/api/credentials',
  '/api/credentials/secret1',
  '/api/users',
  '/api/audit?limit=1000',
  '/api/outbox',
  '/healthz',
  '/metrics',
];

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe('credentials', () => {
  for (const isolation of ['in-process', 'worker'] as const)
    it(`reach ctx.credentials of the node (${isolation}), from a deploy and from PUT`, async () => {
      t = await startSecuredRuntime({ isolation });
      const admin = t.tokens.admin;
      const deployed = await t.api(
        'POST',
        '/api/flows',
        { flows: [flow()], credentials: { secret1: { password: PLAINTEXT } } },
        admin,
      );
      expect(deployed.status).toBe(200);
      await t.api('POST', '/api/inject/secret1', undefined, admin);
      await waitForEvent(t, isDigest(digest(PLAINTEXT)));

      // PUT stores at once; running flows pick it up at their next deploy.
      const put = await t.api('PUT', '/api/credentials/secret1', { password: 'second-password' }, admin);
      expect(put).toMatchObject({ status: 200, body: { nodeId: 'secret1', has: { password: true, apiKey: false } } });
      await t.api('POST', '/api/flows', { flows: [flow()], mode: 'nodes' }, admin);
      await t.api('POST', '/api/inject/secret1', undefined, admin);
      await waitForEvent(t, isDigest(digest('second-password')));
    });

  it('never appear in an API answer, a stored file other than the encrypted one, an event or the log', async () => {
    t = await startSecuredRuntime({ logger: capturingLogger() });
    const admin = t.tokens.admin;
    const answers: string[] = [];
    const deploy = await t.api(
      'POST',
      '/api/flows',
      { flows: [flow()], credentials: { secret1: { password: PLAINTEXT } } },
      admin,
    );
    answers.push(deploy.text);
    answers.push((await t.api('PUT', '/api/credentials/secret1', { apiKey: API_KEY }, t.tokens.editor)).text);
    // A refused value must not be echoed either.
    const refused = await t.api('PUT', '/api/credentials/secret1', { password: 'abc' }, admin);
    expect(refused).toMatchObject({ status: 400, body: { code: 'invalid_flow' } });
    answers.push(refused.text);
    await t.api('POST', '/api/inject/secret1', undefined, admin);
    await waitForEvent(t, isDigest(digest(PLAINTEXT)));

    for (const path of GET_ROUTES)
      for (const token of Object.values(t.tokens)) answers.push((await t.api('GET', path, undefined, token)).text);
    expect((await t.api('GET', '/api/credentials/secret1', undefined, admin)).body).toEqual({
      nodeId: 'secret1',
      has: { password: true, apiKey: true },
    });
    for (const text of answers) {
      expect(text).not.toContain(PLAINTEXT);
      expect(text).not.toContain(API_KEY);
    }
    expect(JSON.stringify(t.events)).not.toContain(PLAINTEXT);

    const dataDir = t.dataDir;
    const files = await filesUnder(dataDir);
    expect(files.map((f) => f.slice(dataDir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['audit.log', 'credential.key', 'credentials.json', 'flows.json', 'users.json']),
    );
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      expect(text, f).not.toContain(PLAINTEXT);
      expect(text, f).not.toContain(API_KEY);
    }
    // Key names are audited, values are not.
    const audit = await readFile(join(dataDir, 'audit.log'), 'utf8');
    expect(audit).toContain('"credentials-set"');
    expect(audit).toContain('apiKey');

    // Nothing leaks through the log, even when something logs a request-like object.
    t.runtime.logger.info(
      {
        req: { headers: { authorization: `Bearer ${t.tokens.admin}` } },
        credentials: { secret1: { password: PLAINTEXT } },
        password: PLAINTEXT,
        body: { password: PLAINTEXT, token: t.tokens.admin },
      },
      'a careless log line',
    );
    expect(logText).toContain('a careless log line');
    expect(logText).not.toContain(PLAINTEXT);
    expect(logText).not.toContain(t.tokens.admin);
  });

  it('drop the secrets of nodes removed from the flows, and audit it', async () => {
    t = await startSecuredRuntime();
    const admin = t.tokens.admin;
    await t.api('POST', '/api/flows', { flows: [flow()], credentials: { secret1: { password: PLAINTEXT } } }, admin);
    expect(t.runtime.credentials.keysOf('secret1')).toEqual(['password']);
    const emptied = testFlow('f1', [['dbg1', 'test-debug']]);
    expect((await t.api('POST', '/api/flows', { flows: [emptied] }, admin)).status).toBe(200);
    expect(t.runtime.credentials.nodeIds()).toEqual([]);
    const audit = (await t.api('GET', '/api/audit', undefined, admin)).body as Array<{
      action: string;
      details: unknown;
    }>;
    expect(audit[0]).toMatchObject({
      action: 'deploy',
      details: { credentials: [{ nodeId: 'secret1', cleared: ['password'], removed: true }] },
    });
  });

  it('refuse a deploy whose credentials do not fit, saving neither flows nor credentials', async () => {
    t = await startSecuredRuntime();
    const admin = t.tokens.admin;
    const revision = t.runtime.store.revision;
    const res = await t.api(
      'POST',
      '/api/flows',
      { flows: [flow()], credentials: { secret1: { password: PLAINTEXT, pin: '1' }, ghost: { password: 'xxxx' } } },
      admin,
    );
    expect(res.status).toBe(400);
    expect((res.body as { issues: Array<{ pathString: string; code: string }> }).issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pathString: '$.credentials.secret1.pin', code: 'unknown_key' }),
        expect.objectContaining({ pathString: '$.credentials.ghost', code: 'unknown_node' }),
      ]),
    );
    expect(res.text).not.toContain(PLAINTEXT);
    expect(t.runtime.store.revision).toBe(revision);
    expect(t.runtime.credentials.nodeIds()).toEqual([]);
  });
});
