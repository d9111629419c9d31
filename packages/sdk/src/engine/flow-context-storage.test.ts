import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Flow } from '@millwright/model';
import { defineNode } from '../define-node.js';
import { runFlow } from '../harness/run-flow.js';
import { FlowContextStorage } from './flow-context-storage.js';
import { contextFileOf } from './open-flow-context.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-context-'));
  file = join(dir, 'context', 'f1.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const readStored = async () => JSON.parse(await readFile(file, 'utf8')) as { version: number; scopes: object };

async function opened(options: { flushIntervalMs?: number; maxBytes?: number } = {}) {
  const errors: Error[] = [];
  const storage = new FlowContextStorage();
  await storage.open({ file, ...options }, { error: (e) => errors.push(e) });
  return { storage, errors };
}

describe('persistent flow context', () => {
  it('keeps flow and node scopes across a close and a new open, and delete removes a key', async () => {
    const { storage } = await opened();
    storage.flow.set('active', { id: 'WO-1', quantity: 3 });
    storage.flow.set('gone', 1);
    storage.node('n1').set('count', 7);
    storage.flow.delete('gone');
    await storage.close();

    const again = await opened();
    expect(again.storage.flow.get('active')).toEqual({ id: 'WO-1', quantity: 3 });
    expect(again.storage.flow.keys()).toEqual(['active']);
    expect(again.storage.node('n1').get('count')).toBe(7);
    expect(again.storage.node('n2').keys()).toEqual([]);
    expect(await readStored()).toEqual({
      version: 1,
      scopes: { flow: { active: { id: 'WO-1', quantity: 3 } }, 'node:n1': { count: 7 } },
    });
    await again.storage.close();
  });

  it('writes a change within the flush interval, not at once, and leaves no temp file', async () => {
    const { storage } = await opened({ flushIntervalMs: 300 });
    storage.flow.set('a', 1);
    await sleep(100);
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await sleep(500);
    expect((await readStored()).scopes).toEqual({ flow: { a: 1 } });
    // Atomic: the write went through a temp file renamed over the context file.
    expect(await readdir(join(dir, 'context'))).toEqual(['f1.json']);
    await storage.close();
  });

  it('with flushIntervalMs 0 writes each change at once, coalescing changes made during a write', async () => {
    const { storage } = await opened({ flushIntervalMs: 0 });
    for (let i = 1; i <= 50; i++) storage.flow.set('i', i);
    await sleep(200);
    expect((await readStored()).scopes).toEqual({ flow: { i: 50 } });
    await storage.close();
  });

  it('persisted() writes what was set now, whatever the interval, and resolves once it is in the file', async () => {
    const { storage } = await opened({ flushIntervalMs: 60_000 });
    storage.node('poll').set('watermark', 41);
    storage.node('poll').set('watermark', 42);
    await storage.node('poll').persisted?.();
    expect(await readStored()).toEqual({ version: 1, scopes: { 'node:poll': { watermark: 42 } } });
    await storage.close();
    // A memory context has nothing to write.
    await expect(new FlowContextStorage().node('x').persisted?.()).resolves.toBeUndefined();
  });

  it('writes what changed when it closes, whatever the interval', async () => {
    const { storage } = await opened({ flushIntervalMs: 3_600_000 });
    storage.flow.set('late', 'value');
    await storage.close();
    expect((await readStored()).scopes).toEqual({ flow: { late: 'value' } });
  });

  it('persists a value as of its last set: a later change to the object needs another set', async () => {
    const { storage } = await opened();
    const order = { id: 'WO-1', done: false };
    storage.flow.set('order', order);
    order.done = true;
    await storage.close();
    expect((await readStored()).scopes).toEqual({ flow: { order: { id: 'WO-1', done: false } } });
  });

  it('refuses a set beyond maxBytes with context_too_large, keeping the previous value; a delete frees room', async () => {
    const { storage } = await opened({ maxBytes: 2_048 });
    storage.flow.set('small', 'x'.repeat(100));
    expect(() => storage.flow.set('big', 'y'.repeat(3_000))).toThrow(
      expect.objectContaining({ code: 'context_too_large', kind: 'user', message: expect.stringContaining(file) }),
    );
    expect(() => storage.node('n1').set('small', 'z'.repeat(2_000))).toThrow(
      expect.objectContaining({ code: 'context_too_large' }),
    );
    expect(storage.flow.get('big')).toBeUndefined();
    storage.flow.delete('small');
    storage.node('n1').set('small', 'z'.repeat(1_900));
    await storage.close();
    const text = await readFile(file, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2_048);
    expect(JSON.parse(text)).toEqual({ version: 1, scopes: { 'node:n1': { small: 'z'.repeat(1_900) } } });
  });

  it('refuses a value that is not JSON with context_not_serializable', async () => {
    const { storage } = await opened();
    expect(() => storage.flow.set('n', 10n)).toThrow(expect.objectContaining({ code: 'context_not_serializable' }));
    expect(() => storage.flow.set('f', () => 1)).toThrow(expect.objectContaining({ code: 'context_not_serializable' }));
    await storage.close();
  });

  it('moves a corrupt file aside, reports context_file_corrupt naming both files, and starts empty', async () => {
    await mkdir(join(dir, 'context'));
    await writeFile(file, '{"version":1,"scopes":{"flow":{"a":');
    const { storage, errors } = await opened();
    expect(storage.flow.keys()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'context_file_corrupt' });
    expect(errors[0]?.message).toContain(file);
    const aside = (await readdir(join(dir, 'context'))).filter((f) => f.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(errors[0]?.message).toContain(aside[0]);
    storage.flow.set('a', 2);
    await storage.close();
    expect((await readStored()).scopes).toEqual({ flow: { a: 2 } });
  });

  it('reports a failed write as context_write_failed, keeps the values and writes them once it can', async () => {
    const { storage, errors } = await opened({ flushIntervalMs: 0 });
    await rm(join(dir, 'context'), { recursive: true }); // the folder vanishes: the write fails
    storage.flow.set('a', 1);
    await sleep(100);
    expect(errors[0]).toMatchObject({ code: 'context_write_failed' });
    expect(storage.flow.get('a')).toBe(1);
    await mkdir(join(dir, 'context'));
    await storage.flush();
    expect((await readStored()).scopes).toEqual({ flow: { a: 1 } });
    await storage.close();
  });

  it('keeps the file when the flow stops for good (deleted or disabled)', async () => {
    const { storage } = await opened();
    storage.flow.set('a', 1);
    await storage.close();
    expect((await readStored()).scopes).toEqual({ flow: { a: 1 } });
  });
});

/** Counts its inputs in node context and flow context. */
const counter = defineNode({
  type: 'counter',
  category: 'test',
  version: 1,
  description: 'counts',
  inputs: 1,
  outputs: ['out'],
  config: z.object({}),
  setup(ctx) {
    return {
      input(msg) {
        const mine = Number(ctx.context.node.get('n') ?? 0) + 1;
        ctx.context.node.set('n', mine);
        ctx.context.flow.set('total', Number(ctx.context.flow.get('total') ?? 0) + 1);
        ctx.send({ ...msg, payload: mine });
      },
    };
  },
});

const counterFlow = (context?: Flow['context']): Flow => ({
  version: 1,
  id: 'counting',
  name: 'counting',
  ...(context ? { context } : {}),
  nodes: [{ id: 'c1', type: 'counter', typeVersion: 1, position: { x: 0, y: 0 }, config: {} }],
  wires: [],
});

describe('a flow with "context": {"store": "file"}', () => {
  it('finds its node and flow context again after the engine stops and a new one starts', async () => {
    const flow = counterFlow({ store: 'file', flushIntervalMs: 60_000 });
    const first = await runFlow(flow, [counter], { dataDir: dir });
    first.send('c1', { payload: null });
    first.send('c1', { payload: null });
    await first.waitForOutputs('c1', 2);
    await first.stop(); // as the runtime does when the flow is deleted: the file stays
    const stored = JSON.parse(await readFile(contextFileOf(dir, 'counting'), 'utf8')) as unknown;
    expect(stored).toEqual({ version: 1, scopes: { flow: { total: 2 }, 'node:c1': { n: 2 } } });

    const second = await runFlow(flow, [counter], { dataDir: dir });
    second.send('c1', { payload: null });
    const [out] = await second.waitForOutputs('c1', 1);
    expect(out?.payload).toBe(3);
    await second.stop();
  });

  it('reports a corrupt context file as a flow error event naming it, and runs with an empty context', async () => {
    const file = contextFileOf(dir, 'counting');
    await mkdir(join(dir, 'context'), { recursive: true });
    await writeFile(file, 'not json');
    const h = await runFlow(counterFlow({ store: 'file' }), [counter], { dataDir: dir });
    expect(h.errors().map((e) => [e.error.code, e.nodeId])).toEqual([['context_file_corrupt', undefined]]);
    expect(h.errors()[0]?.error.message).toContain(file);
    h.send('c1', { payload: null });
    const [out] = await h.waitForOutputs('c1', 1);
    expect(out?.payload).toBe(1);
    await h.stop();
  });

  it('keeps its context in memory, with a warning, when the runtime has no data dir', async () => {
    const h = await runFlow(counterFlow({ store: 'file' }), [counter]);
    expect(h.logs().map((l) => [l.level, l.message])).toEqual([
      ['warn', expect.stringContaining('its context stays in memory')],
    ]);
    await h.stop();
  });

  it('a memory flow writes nothing', async () => {
    const h = await runFlow(counterFlow(), [counter], { dataDir: dir });
    h.send('c1', { payload: null });
    await h.waitForOutputs('c1', 1);
    await h.stop();
    expect(await readdir(dir)).toEqual([]);
  });
});
