import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyCommands, submitCommand } from './commands.js';
import { listOutboxes, readOutbox } from './inspect.js';
import { OutboxJournal } from './journal.js';
import { journalPath } from './paths.js';
import { parseJournal } from './records.js';

const dirs: string[] = [];
const journals: OutboxJournal[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const j of journals.splice(0)) j.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mw-outbox-'));
  dirs.push(d);
  return d;
}
function open(file: string, opts = {}): OutboxJournal<{ body: string }> {
  const j = OutboxJournal.open<{ body: string }>(file, opts);
  journals.push(j);
  return j;
}
const entry = (id: string) => ({ id, idempotencyKey: `key-${id}`, request: { body: `<r>${id}</r>` } });
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('OutboxJournal', () => {
  it('writes and fsyncs the enqueue record before enqueue returns', async () => {
    const file = join(await tempDir(), 'n1.journal');
    const j = open(file);
    const calls: string[] = [];
    const realWrite = fs.writeSync;
    const realFsync = fs.fsyncSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Buffer, off?: number, len?: number) => {
      calls.push(`write:${buf.toString('utf8').includes('"id":"a"') ? 'a' : '?'}`);
      return realWrite(fd, buf, off, len);
    }) as typeof fs.writeSync);
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      calls.push('fsync');
      realFsync(fd);
    });
    j.enqueue([entry('a')]);
    calls.push('returned');
    expect(calls).toEqual(['write:a', 'fsync', 'returned']);
    expect(lines(file)).toHaveLength(1);
  });

  it('recovers pending and dead entries, and forgets acked ones', async () => {
    const file = join(await tempDir(), 'n1.journal');
    const j = open(file);
    j.enqueue([entry('a'), entry('b'), entry('c')]);
    j.ack('a');
    j.recordFailure('b', 1, 'HTTP 500');
    j.markDead('c', 'HTTP 400');
    j.close();
    const again = open(file);
    expect(again.pending().map((e) => [e.id, e.idempotencyKey, e.attempts, e.lastError])).toEqual([
      ['b', 'key-b', 1, 'HTTP 500'],
    ]);
    expect(again.deadLetters().map((d) => [d.id, d.error, d.request.body])).toEqual([['c', 'HTTP 400', '<r>c</r>']]);
    expect(again.recovery).toEqual({ records: 6, tornBytes: 0, corruptLines: 0 });
  });

  it('cuts a torn last line on open and keeps appending on a clean line', async () => {
    const file = join(await tempDir(), 'n1.journal');
    const j = open(file);
    j.enqueue([entry('a'), entry('b')]);
    j.close();
    const good = fs.statSync(file).size;
    fs.appendFileSync(file, '{"op":"enqueue","id":"c","key":"k'); // the crash hit mid-write
    const again = open(file);
    expect(again.recovery.tornBytes).toBe('{"op":"enqueue","id":"c","key":"k'.length);
    expect(fs.statSync(file).size).toBe(good);
    again.enqueue([entry('d')]);
    again.close();
    expect(
      open(file)
        .pending()
        .map((e) => e.id),
    ).toEqual(['a', 'b', 'd']);
  });

  it('treats a zero-filled tail (power loss) as torn and skips a corrupt line in the middle', async () => {
    const file = join(await tempDir(), 'n1.journal');
    const j = open(file);
    j.enqueue([entry('a')]);
    j.close();
    fs.appendFileSync(file, 'garbage line\n{"op":"enqueue","id":"b","key":"k","request":{},"attempts":0,"t":1}\n');
    fs.appendFileSync(file, Buffer.alloc(64)); // zeros, no newline
    const again = open(file);
    expect(again.pending().map((e) => e.id)).toEqual(['a', 'b']);
    expect(again.recovery.corruptLines).toBe(1);
    expect(again.recovery.tornBytes).toBe(64);
  });

  it('compacts when finished entries dominate, keeping live entries and their retry state', async () => {
    const dir = await tempDir();
    const file = join(dir, 'n1.journal');
    const j = open(file, { compactMinRecords: 20 });
    for (let i = 0; i < 15; i++) j.enqueue([entry(`e${i}`)]);
    j.recordFailure('e14', 3, 'timeout');
    for (let i = 0; i < 13; i++) j.ack(`e${i}`);
    j.markDead('e13', 'HTTP 422');
    // 30 records were written for 2 live entries; compaction dropped the finished ones
    expect(lines(file).length).toBeLessThan(15);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('"id":"e0"');
    expect(fs.existsSync(`${file}.compact`)).toBe(false);
    j.enqueue([entry('late')]);
    j.close();
    const again = open(file);
    expect(again.pending().map((e) => [e.id, e.attempts, e.lastError])).toEqual([
      ['e14', 3, 'timeout'],
      ['late', 0, undefined],
    ]);
    expect(again.deadLetters().map((d) => [d.id, d.error])).toEqual([['e13', 'HTTP 422']]);
  });

  it('ignores a compaction that a crash interrupted (the journal is the old file)', async () => {
    const file = join(await tempDir(), 'n1.journal');
    const j = open(file);
    j.enqueue([entry('a')]);
    j.close();
    fs.writeFileSync(`${file}.compact`, '{"op":"enqueue","id":"half');
    const again = open(file);
    expect(again.pending().map((e) => e.id)).toEqual(['a']);
    expect(fs.existsSync(`${file}.compact`)).toBe(false);
  });

  it('replays a dead letter to the back of the queue with a fresh budget, and deletes dead letters', async () => {
    const file = join(await tempDir(), 'n1.journal');
    const j = open(file);
    j.enqueue([entry('a'), entry('b'), entry('c')]);
    j.recordFailure('a', 5, 'HTTP 503');
    j.markDead('a', 'gave up');
    j.markDead('b', 'HTTP 400');
    expect(j.replay('a')).toBe(true);
    expect(j.replay('a')).toBe(false); // no longer dead
    expect(j.remove('b')).toBe(true);
    expect(j.remove('c')).toBe(false); // pending, not dead
    j.close();
    const again = open(file);
    expect(again.pending().map((e) => [e.id, e.attempts])).toEqual([
      ['c', 0],
      ['a', 0],
    ]);
    expect(again.deadLetters()).toEqual([]);
  });

  it('refuses a duplicate id and a write after close', async () => {
    const j = open(join(await tempDir(), 'n1.journal'));
    j.enqueue([entry('a')]);
    expect(() => j.enqueue([entry('a')])).toThrow(/already exists/);
    j.close();
    expect(() => j.enqueue([entry('b')])).toThrow(/closed/);
  });

  it('keeps an in-memory outbox without a file', () => {
    const j = OutboxJournal.open<{ body: string }>(undefined);
    j.enqueue([entry('a'), entry('b')]);
    j.ack('a');
    expect(j.pending().map((e) => e.id)).toEqual(['b']);
    expect(j.depth).toBe(1);
  });
});

describe('operator commands and read-only inspection', () => {
  it('applies replay and delete commands dropped by another writer, once', async () => {
    const dir = await tempDir();
    const j = open(journalPath(dir, 'erp/1'));
    j.enqueue([entry('a'), entry('b'), entry('c')]);
    for (const id of ['a', 'b', 'c']) j.markDead(id, 'HTTP 400');
    submitCommand(dir, 'erp/1', { op: 'replay', ids: ['a', 'zzz'] });
    submitCommand(dir, 'erp/1', { op: 'delete', ids: ['b'] });
    expect(applyCommands(j, dir, 'erp/1')).toEqual({ replayed: ['a'], deleted: ['b'] });
    expect(applyCommands(j, dir, 'erp/1')).toEqual({ replayed: [], deleted: [] });
    expect(j.pending().map((e) => e.id)).toEqual(['a']);
    expect(j.deadLetters().map((e) => e.id)).toEqual(['c']);
  });

  it('lists and reads journals without writing them, ignoring a torn tail', async () => {
    const dir = await tempDir();
    const j = open(journalPath(dir, 'erp/1'));
    j.enqueue([entry('a'), entry('b')]);
    j.recordFailure('a', 2, 'HTTP 503');
    j.markDead('b', 'HTTP 400');
    fs.appendFileSync(journalPath(dir, 'erp/1'), '{"op":"ack"');
    const before = fs.readFileSync(journalPath(dir, 'erp/1'));
    submitCommand(dir, 'erp/1', { op: 'replay', ids: ['b'] });
    const [summary] = listOutboxes(dir);
    expect(summary).toMatchObject({ name: 'erp/1', pending: 1, dead: 1, lastError: 'HTTP 503', commandsWaiting: 1 });
    expect(readOutbox(dir, 'erp/1')?.dead.map((d) => d.id)).toEqual(['b']);
    expect(readOutbox(dir, 'nope')).toBeUndefined();
    expect(fs.readFileSync(journalPath(dir, 'erp/1'))).toEqual(before);
    expect(parseJournal(before).tornBytes).toBe(11);
  });
});
