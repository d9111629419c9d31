import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_NODES, startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { SHUTDOWN_COUNTER } from './fixtures/extension-family.js';
import { loadNodeModules } from './load-node-modules.js';

const FAMILY = new URL('./fixtures/extension-family.ts', import.meta.url).href;
const SRC = fileURLToPath(new URL('../', import.meta.url));
const TOKEN = 'family-test-token-0123456789abcdef';

/**
 * Imports of node families the runtime may still make, with why. The demo plant starts the MQTT
 * family's embedded broker as one of its simulators; that is demo wiring, not the runtime's.
 */
const ALLOWED = new Set(['demo/demo-plant.ts -> @millwright/nodes-mqtt']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' || e.name === 'fixtures' ? [] : sources(path);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('node families plug in through the registry', () => {
  it('the runtime imports no node family (static, dynamic or type imports)', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](@millwright\/nodes-[a-z-]+)/g))
        found.push(`${relative(SRC, file)} -> ${m[1]}`);
    }
    expect(sources(SRC).length).toBeGreaterThan(100); // the scan sees the runtime's sources
    expect(found.filter((f) => !ALLOWED.has(f))).toEqual([]);
  });

  it("serves a family's route behind the auth gate with its permission, and runs its shutdown step", async () => {
    const g = globalThis as Record<symbol, number | undefined>;
    const before = g[SHUTDOWN_COUNTER] ?? 0;
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-family-'));
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ auth: { tokenRole: 'viewer' } }));
    t = await startTestRuntime({
      dataDir,
      token: TOKEN,
      nodeModules: [FIXTURE_NODES, FAMILY, '@millwright/nodes-opcua'],
    });
    expect(t.runtime.registry.extensions().map((e) => e.id)).toEqual(['fixture-family', 'opcua']);
    expect((await t.api('GET', '/api/fixture-family/echo/hi?q=1')).status).toBe(401);
    expect(await t.api('GET', '/api/fixture-family/echo/hi?q=1', undefined, TOKEN)).toMatchObject({
      status: 201,
      body: { word: 'hi', q: '1', dataDir: true },
    });
    expect(await t.api('GET', '/api/fixture-family/echo/missing', undefined, TOKEN)).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    // The OPC UA family's browse route needs flows:edit (its own rule), which a viewer lacks.
    expect(await t.api('GET', '/api/opcua/browse?config=x', undefined, TOKEN)).toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('"flows:edit"') },
    });
    await t.close();
    t = undefined;
    expect(g[SHUTDOWN_COUNTER]).toBe(before + 1);
  });

  it('registers the outbox routes once though two families list them', async () => {
    const registry = await loadNodeModules(['@millwright/nodes-enterprise', '@millwright/nodes-mqtt']);
    // The enterprise family's own isa95 mapping-editor routes come next to the shared outbox ones.
    expect(registry.extensions().map((e) => e.id)).toEqual(['outbox', 'isa95']);
  });
});
