import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxJournal } from './journal.js';

const CHILD = fileURLToPath(new URL('./test-support/enqueue-child.ts', import.meta.url));
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the enqueue child until it has reported `count` ids, then SIGKILLs it. */
async function enqueueUntilKilled(file: string, count: number, from: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(from)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ids: string[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}`))));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      ids.push(...parts);
      if (ids.length >= count && child.exitCode === null) child.kill('SIGKILL');
    });
  });
  return ids;
}

describe('OutboxJournal under SIGKILL', () => {
  it('keeps every entry whose enqueue returned, across two kills, and stays readable', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-outbox-kill-'));
    const file = join(dir, 'erp.journal');
    const first = await enqueueUntilKilled(file, 300, 0);
    const second = await enqueueUntilKilled(file, 300, 100_000);
    const j = OutboxJournal.open<{ n: number }>(file);
    try {
      expect(j.recovery.corruptLines).toBe(0);
      const pending = new Set(j.pending().map((e) => e.id));
      // Every third entry was acked right after its enqueue; all others must still be there.
      const expected = [...first, ...second].filter((id) => Number(id.slice(1)) % 3 !== 0);
      const missing = expected.filter((id) => !pending.has(id));
      expect(missing).toEqual([]);
      expect(expected.length).toBeGreaterThanOrEqual(400);
    } finally {
      j.close();
    }
  });
});
