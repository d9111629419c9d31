import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowMessage } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { submitCommand } from './commands.js';
import type { DeliveryResult } from './dispatcher.js';
import { listOutboxes, readOutbox } from './inspect.js';
import { statsPath } from './paths.js';
import { readSnapshot, readStats } from './stats.js';
import {
  abortable,
  createStoreAndForward,
  warnAboutStrandedQueue,
  type StoreAndForward,
  type StoreAndForwardNode,
} from './store-and-forward.js';

type Req = { n: number };
const open: StoreAndForward<Req>[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const msg = (n: number): FlowMessage => ({ id: `m${n}`, payload: n });
const until = async (check: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A fake node context that records errors and logs, and a remote side that is up or down. */
function setup(opts: { dataDir?: string; maxQueued?: number; policy?: { maxAttempts: number } } = {}) {
  const errors: Array<{ code: string | undefined; msg: FlowMessage | undefined }> = [];
  const logs: string[] = [];
  const node: StoreAndForwardNode = {
    id: 'out/1',
    dataDir: opts.dataDir,
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    error: (err, m) => errors.push({ code: (err as { code?: string }).code, msg: m }),
  };
  const remote = { up: false, got: [] as number[], permanent: new Set<number>() };
  const delivered: Array<{ n: number; replayed: boolean }> = [];
  const sf = createStoreAndForward<Req, string>(node, {
    policy: { maxAttempts: opts.policy?.maxAttempts ?? 0, baseDelayMs: 5_000, maxDelayMs: 5_000, jitter: false },
    maxQueued: opts.maxQueued ?? 100,
    deliver(entry): Promise<DeliveryResult<string>> {
      const { n } = entry.request;
      if (remote.permanent.has(n)) return Promise.resolve({ ok: false, permanent: true, error: 'HTTP 422' });
      if (!remote.up) return Promise.resolve({ ok: false, permanent: false, error: 'connection refused' });
      remote.got.push(n);
      return Promise.resolve({ ok: true, value: 'ok' });
    },
    onDelivered: (e, _v, info) => delivered.push({ n: e.request.n, replayed: info.replayed }),
  });
  open.push(sf);
  return { sf, errors, logs, remote, delivered };
}
const build = (m: FlowMessage) => ({ request: { n: m.payload as number } });

describe('createStoreAndForward', () => {
  it('queues while the remote is down, sends in order after retryNow, and counts replays', async () => {
    const { sf, remote, delivered } = setup();
    expect(await sf.accept([msg(1), msg(2), msg(3)], build)).toBe(3);
    await until(() => sf.lastError === 'connection refused');
    expect(sf.describe()).toBe('3 queued · connection refused (memory)');
    remote.up = true;
    sf.retryNow(); // without it the head would wait out its 5 s backoff
    await until(() => delivered.length === 3);
    expect(remote.got).toEqual([1, 2, 3]);
    // All three waited for the remote side; a message after the catch-up did not.
    expect(delivered.map((d) => d.replayed)).toEqual([true, true, true]);
    await sf.accept([msg(4)], build);
    await until(() => delivered.length === 4);
    expect(delivered[3]?.replayed).toBe(false);
    expect(sf.stats()).toEqual({ delivered: 4, replayed: 3, deadLettered: 0, dropped: 0 });
    expect(sf.describe()).toBe('idle (memory)');
  });

  it('refuses what does not fit with outbox_full and reports build errors per message', async () => {
    const { sf, errors } = setup({ maxQueued: 2 });
    const n = await sf.accept([msg(1), { id: 'bad', payload: 'x' }, msg(2), msg(3)], (m) => {
      if (m.id === 'bad') throw Object.assign(new Error('bad'), { code: 'bad_input' });
      return build(m);
    });
    expect(n).toBe(2);
    expect(errors.map((e) => [e.code, e.msg?.id])).toEqual([
      ['bad_input', 'bad'],
      ['outbox_full', 'm3'],
    ]);
    expect(sf.stats().dropped).toBe(1);
  });

  it('keeps the queue on disk across a restart, with dead letters, operator commands and stats', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-sf-'));
    const first = setup({ dataDir: dir });
    first.remote.permanent.add(2);
    await first.sf.accept([msg(1), msg(2), msg(3)], build);
    await until(() => first.sf.lastError !== undefined);
    await first.sf.close();
    open.splice(0);
    const outbox = join(dir, 'outbox');
    expect(readOutbox(outbox, 'out/1')?.pending).toHaveLength(3);

    const second = setup({ dataDir: dir });
    second.remote.permanent.add(2);
    second.remote.up = true;
    await until(() => second.delivered.length === 2 && second.sf.deadCount === 1);
    expect(second.remote.got).toEqual([1, 3]);
    expect(second.delivered.every((d) => d.replayed)).toBe(true); // recovered after the restart
    expect(second.logs).toContain('outbox recovered 3 queued messages');

    const [dead] = readOutbox(outbox, 'out/1')?.dead ?? [];
    submitCommand(outbox, 'out/1', { op: 'delete', ids: [dead?.id ?? ''] });
    await until(() => second.sf.deadCount === 0);
    await second.sf.close();
    open.splice(0);
    expect(readStats(outbox, 'out/1')).toEqual({ delivered: 2, replayed: 2, deadLettered: 1, dropped: 1 });
  });
});

describe('warnAboutStrandedQueue', () => {
  it('warns when store-and-forward is off but the journal still holds messages', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-sf-'));
    const first = setup({ dataDir: dir });
    await first.sf.accept([msg(1), msg(2)], build);
    await first.sf.close();
    open.splice(0);
    const logs: string[] = [];
    const node: StoreAndForwardNode = {
      id: 'out/1',
      dataDir: dir,
      log: { info: () => undefined, warn: (m) => logs.push(m), error: () => undefined },
      error: () => undefined,
    };
    warnAboutStrandedQueue(node);
    expect(logs).toEqual([expect.stringContaining('2 messages from when it was on')]);
    warnAboutStrandedQueue({ ...node, id: 'other' });
    expect(logs).toHaveLength(1);
  });
});

describe('abortable', () => {
  it('settles with the work, or rejects at the abort without waiting for it', async () => {
    await expect(abortable(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    const c = new AbortController();
    const never = abortable(new Promise(() => undefined), c.signal);
    c.abort(new Error('closing'));
    await expect(never).rejects.toThrow('closing');
    await expect(abortable(Promise.reject(new Error('late')), c.signal)).rejects.toThrow('closing');
  });
});

describe('queue snapshot', () => {
  it('lets listOutboxes skip parsing the journal, and is ignored once stale', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-sf-'));
    const { sf } = setup({ dataDir: dir });
    await sf.accept([msg(1), msg(2), msg(3)], build);
    const outbox = join(dir, 'outbox');
    await until(() => readSnapshot(outbox, 'out/1')?.pending === 3 && sf.lastError !== undefined);
    await until(() => readSnapshot(outbox, 'out/1')?.lastError === 'connection refused');
    const [listed] = listOutboxes(outbox);
    expect(listed).toMatchObject({ name: 'out/1', pending: 3, dead: 0, lastError: 'connection refused' });
    await sf.close();
    open.splice(0);

    // A snapshot that no longer matches its journal and is old: the journal is parsed instead.
    const file = statsPath(outbox, 'out/1');
    const stale = JSON.parse(readFileSync(file, 'utf8')) as { queue: Record<string, unknown> };
    writeFileSync(file, JSON.stringify({ ...stale, queue: { ...stale.queue, pending: 99, journalBytes: 1, at: 0 } }));
    expect(listOutboxes(outbox)[0]).toMatchObject({ pending: 3 });
  });
});
