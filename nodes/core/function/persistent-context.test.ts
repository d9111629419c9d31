import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { contextFileOf, runFlow } from '@millwright/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fn from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-fn-context-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const flowWith = (code: string): Flow => ({
  version: 1,
  id: 'persist',
  name: 'persist',
  context: { store: 'file', flushIntervalMs: 0, maxBytes: 2_048 },
  nodes: [{ id: 'fn1', type: 'function', typeVersion: 1, position: { x: 0, y: 0 }, config: { code } }],
  wires: [],
});

describe('function node with a file-backed context', () => {
  it('keeps flow.set and context.set values across a restart of the flow', async () => {
    const code =
      "const n = (flow.get('n') || 0) + 1; flow.set('n', n); context.set('last', msg.payload); msg.payload = n; return msg;";
    const first = await runFlow(flowWith(code), [fn], { dataDir: dir });
    first.send('fn1', { payload: 'a' });
    first.send('fn1', { payload: 'b' });
    await first.waitForOutputs('fn1', 2);
    await first.engine.stop(false);
    expect(JSON.parse(await readFile(contextFileOf(dir, 'persist'), 'utf8'))).toEqual({
      version: 1,
      scopes: { flow: { n: 2 }, 'node:fn1': { last: 'b' } },
    });
    const second = await runFlow(flowWith(code), [fn], { dataDir: dir });
    second.send('fn1', { payload: 'c' });
    const [out] = await second.waitForOutputs('fn1', 1);
    expect(out?.payload).toBe(3);
    await second.stop();
  });

  it('throws context_too_large into the code: uncaught it reaches catch nodes with its code, caught the code can go on', async () => {
    const code = [
      "if (msg.topic === 'try') {",
      "  try { flow.set('big', 'x'.repeat(4000)); } catch (e) { msg.payload = e.code || e.message; return msg; }",
      '}',
      "flow.set('big', 'x'.repeat(4000));",
      'return msg;',
    ].join('\n');
    const h = await runFlow(flowWith(code), [fn], { dataDir: dir });
    h.send('fn1', { topic: 'try', payload: null });
    const [out] = await h.waitForOutputs('fn1', 1);
    expect(out?.payload).toBe('context_too_large');
    h.send('fn1', { topic: 'plain', payload: null });
    await h.waitForEvent((e) => e.type === 'error');
    expect(h.errors('fn1')[0]?.error).toMatchObject({ code: 'context_too_large', kind: 'user' });
    await h.stop();
  });
});
