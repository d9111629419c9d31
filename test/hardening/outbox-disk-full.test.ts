import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorEvent } from '@millwright/model';
import { journalPath, parseJournal } from '@millwright/outbox';
import { testNode, type NodeHarness } from '@millwright/sdk';
import { performanceReportXml, startSimErp, type SimErp } from '@millwright/sim-erp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import erpPost from '../../nodes/enterprise/erp-post/index.js';

/**
 * Disk full under the erp-post outbox journal. The data dir is a 64 KB tmpfs (root in this
 * sandbox may mount one); where mounting is not permitted, `fs.writeSync` is made to fail with
 * ENOSPC instead, which is the same error the journal sees from a full disk.
 */
let dir: string;
let mounted = false;
let h: NodeHarness | undefined;
let erp: SimErp | undefined;
const filler = () => join(dir, 'filler');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mw-disk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.stop();
  h = undefined;
  await erp?.stop();
  erp = undefined;
  if (mounted) execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** Takes every free block of the file system (or, without tmpfs, makes writes fail). */
function fillDisk(): void {
  if (!mounted) {
    const real = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation((...args: unknown[]) => {
      if (fs.existsSync(filler()))
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (real as (...a: unknown[]) => number)(...args);
    });
    fs.writeFileSync(filler(), '');
    return;
  }
  try {
    fs.writeFileSync(filler(), Buffer.alloc(128 * 1024, 1));
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
}

const report = (n: number) => ({
  payload: performanceReportXml({ id: `PERF-${n}`, workOrder: 'WO-1', good: n }),
  bodId: `bod-${n}`,
  headers: { 'content-type': 'application/xml' },
});

describe('erp-post when the outbox disk is full', () => {
  it('refuses the message with a clear error to catch, keeps nothing half-written, and recovers when space returns', async () => {
    erp = await startSimErp();
    h = await testNode(erpPost, {
      config: { url: `${erp.url}/api/production-performance`, baseDelayMs: 20, maxDelayMs: 50, jitter: false },
      dataDir: dir,
    });
    h.input(report(1));
    await h.next();
    const file = journalPath(join(dir, 'outbox'), h.nodeId);
    const before = fs.readFileSync(file);

    fillDisk();
    // Larger than a page, so it cannot fit in the free tail of the journal's last block.
    h.input({ ...report(2), note: 'x'.repeat(16 * 1024) });
    const e = await h.waitForEvent((ev): ev is ErrorEvent => ev.type === 'error', 5_000);
    expect((e as ErrorEvent).error).toMatchObject({
      code: 'erp_post_journal_failed',
      kind: 'operational',
      message: expect.stringContaining('ENOSPC'),
    });
    expect(h.errors()).toEqual([expect.objectContaining({ msgId: expect.any(String) })]); // with its message
    await new Promise((r) => setTimeout(r, 200));
    // Nothing of the refused message reached the ERP or the journal, and the file is not torn.
    expect(erp.received().map((r) => r.idempotencyKey)).toEqual(['bod-1']);
    const during = fs.readFileSync(file);
    expect(parseJournal(during).tornBytes).toBe(0);
    expect(during.toString()).not.toContain('bod-2');
    expect(during.length).toBeGreaterThanOrEqual(before.length);

    // Space comes back: the node accepts and delivers again without a restart.
    vi.restoreAllMocks();
    fs.rmSync(filler());
    h.input(report(3));
    const end = Date.now() + 5_000;
    while (!h.outputs(h.nodeId).some((m) => m['bodId'] === 'bod-3') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 10));
    expect(h.outputs(h.nodeId).map((m) => [m['bodId'], m['statusCode']])).toEqual([
      ['bod-1', 200],
      ['bod-3', 200],
    ]);
    expect(erp.received().map((r) => r.idempotencyKey)).toEqual(['bod-1', 'bod-3']);
    expect(h.errors()).toHaveLength(1);
  });
});
