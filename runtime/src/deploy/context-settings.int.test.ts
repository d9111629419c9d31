import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextFileOf } from '@millwright/sdk';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** inject (once) -> function counting its runs in flow context. */
const counting = (id: string, context?: Record<string, unknown>) => ({
  version: 1,
  id,
  name: id,
  ...(context ? { context } : {}),
  nodes: [
    {
      id: `${id}-tick`,
      type: 'inject',
      typeVersion: 1,
      position: { x: 0, y: 0 },
      config: { once: true, onceDelayMs: 10, payloadType: 'timestamp' },
    },
    {
      id: `${id}-count`,
      type: 'function',
      typeVersion: 1,
      position: { x: 200, y: 0 },
      config: { code: "flow.set('runs', (flow.get('runs') || 0) + 1); return msg;" },
    },
  ],
  wires: [{ from: { node: `${id}-tick`, port: 0 }, to: { node: `${id}-count`, port: 0 } }],
});

describe('settings.json "context"', () => {
  it('makes flows without their own "context" keep it in <data dir>/context/<flow id>.json; a flow choosing memory keeps its choice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-context-settings-'));
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ context: { store: 'file', flushIntervalMs: 60_000 } }),
    );
    const start = async () => {
      const runtime = await createRuntime({
        dataDir: dir,
        port: 0,
        isolation: 'in-process',
        flows: [counting('by-default'), counting('own-memory', { store: 'memory' })],
        logger: pino({ level: 'silent' }),
      });
      await runtime.start();
      await new Promise((r) => setTimeout(r, 300)); // the inject fires once
      await runtime.stop();
    };
    await start();
    await start();
    const stored = JSON.parse(await readFile(contextFileOf(dir, 'by-default'), 'utf8')) as unknown;
    expect(stored).toEqual({ version: 1, scopes: { flow: { runs: 2 } } });
    await expect(readFile(contextFileOf(dir, 'own-memory'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    // What is stored (and exported) keeps only what the author chose.
    const flows = JSON.parse(await readFile(join(dir, 'flows.json'), 'utf8')) as {
      flows: Array<{ context?: unknown }>;
    };
    expect(flows.flows.map((f) => f.context)).toEqual([undefined, { store: 'memory' }]);
  });
});
