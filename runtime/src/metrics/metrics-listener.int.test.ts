import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.js';
import { FIXTURE_NODES, startTestRuntime, testFlow, type TestRuntime } from '../testing/test-runtime.js';

let t: TestRuntime | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('the metrics listener', () => {
  it('serves /healthz and /metrics on its own port, and no admin API', async () => {
    t = await startTestRuntime({ metrics: { host: '127.0.0.1', port: 0 } });
    await t.api('POST', '/api/flows', { flows: [testFlow('a', [['a-n', 'test-source']])] });
    const metricsUrl = t.runtime.metricsUrl!;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(t.url);

    const health = await fetch(`${metricsUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', flows: [{ flowId: 'a', state: 'running' }] });
    const metrics = await fetch(`${metricsUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/^millwright_flow_state\{flow="a",state="running"\} 1$/m);

    for (const [method, path] of [
      ['GET', '/api/flows'],
      ['GET', '/api/settings'],
      ['POST', '/api/flows'],
      ['GET', '/'],
      ['POST', '/metrics'],
    ] as const) {
      const res = await fetch(`${metricsUrl}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'not_found' });
    }
    // The main server keeps everything, /metrics included.
    expect((await t.api('GET', '/api/flows')).status).toBe(200);
    expect((await t.api('GET', '/metrics')).status).toBe(200);

    await t.runtime.stop();
    await expect(fetch(`${metricsUrl}/healthz`)).rejects.toThrow();
  });

  it('is off by default', async () => {
    t = await startTestRuntime();
    expect(t.runtime.metricsUrl).toBeUndefined();
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });

  it('reads metrics.host and metrics.port from settings.json; options override them field by field', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-metrics-'));
    dirs.push(dataDir);
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ metrics: { host: '127.0.0.1', port: 1 } }));
    t = await startTestRuntime({ dataDir, metrics: { port: 0 } });
    expect(t.runtime.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${t.runtime.metricsUrl}/healthz`)).status).toBe(200);
  });

  it('warns that a non-loopback host serves the two routes without authentication', async () => {
    const log = captureLog();
    t = await startTestRuntime({ logger: log.logger, metrics: { host: '0.0.0.0', port: 0 } });
    const port = new URL(t.runtime.metricsUrl!).port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/flows`)).status).toBe(404);
    const warning = log.lines.find((l) => l['level'] === 40 && typeof l['metricsUrl'] === 'string');
    expect(warning).toMatchObject({ authRequired: false, msg: expect.stringMatching(/without authentication/) });
  });

  it('fails start with the bind error and leaves nothing listening', async () => {
    t = await startTestRuntime({ metrics: { port: 0 } });
    const taken = Number(new URL(t.runtime.metricsUrl!).port);
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-metrics-'));
    dirs.push(dataDir);
    const second = await createRuntime({
      dataDir,
      port: 0,
      isolation: 'in-process',
      nodeModules: [FIXTURE_NODES],
      logger: pino({ level: 'silent' }),
      env: {},
      metrics: { port: taken },
    });
    await expect(second.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(fetch(`${second.url}/healthz`)).rejects.toThrow();
    await second.stop();
  });
});
