import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GenealogyEdge } from './edge.js';
import { GenealogyStore } from './genealogy-store.js';

let dir: string;
let file: string;
const open: GenealogyStore[] = [];
const store = (options?: { readOnly?: boolean }, path: string | null = file) => {
  const s = GenealogyStore.open(path, options);
  open.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'genealogy-'));
  file = join(dir, 'data', 'genealogy.jsonl');
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const edge = (consumedLot: string, producedLot: string, extra: Partial<GenealogyEdge> = {}): GenealogyEdge => ({
  consumedLot,
  producedLot,
  time: '2024-05-01T08:00:00.000Z',
  ...extra,
});

describe('GenealogyStore', () => {
  it('appends JSON lines, creating the folder, and reads them back after a restart', () => {
    const w = store();
    w.append([edge('R1', 'B1', { material: 'resin', quantity: 5, unit: 'kg', workOrder: 'WO-1' }), edge('C1', 'B1')]);
    expect(w.inputsOf('B1').map((e) => e.consumedLot)).toEqual(['R1', 'C1']);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      v: 1,
      consumedLot: 'R1',
      producedLot: 'B1',
      material: 'resin',
      quantity: 5,
      unit: 'kg',
      workOrder: 'WO-1',
      time: '2024-05-01T08:00:00.000Z',
    });
    const again = store();
    expect(again.size).toBe(2);
    expect(again.usesOf('R1')[0]).toMatchObject({ producedLot: 'B1', quantity: 5 });
    expect(again.has('B1') && again.has('C1') && !again.has('X')).toBe(true);
  });

  it('a reader picks up what writers appended when it refreshes; two writers interleave whole lines', () => {
    const reader = store({ readOnly: true });
    const a = store();
    const b = store();
    a.append([edge('R1', 'B1')]);
    b.append([edge('R2', 'B1')]);
    a.append([edge('B1', 'F1')]);
    expect(reader.size).toBe(0);
    reader.refresh();
    expect(reader.size).toBe(3);
    // Each writer indexes the other's lines too when it appends.
    expect(a.inputsOf('B1').map((e) => e.consumedLot)).toEqual(['R1', 'R2']);
    expect(b.usesOf('B1')).toEqual([]);
    b.refresh();
    expect(b.usesOf('B1')).toHaveLength(1);
  });

  it('skips a torn last line from a crash and keeps appending after it', () => {
    const first = store();
    first.append([edge('R1', 'B1')]);
    first.close();
    appendFileSync(file, '{"v":1,"consumedLot":"R9","produ'); // killed mid-write
    const next = store();
    expect(next.size).toBe(1);
    next.append([edge('R2', 'B1')]);
    expect(next.size).toBe(2);
    expect(next.skipped).toBe(1);
    expect(
      store()
        .inputsOf('B1')
        .map((e) => e.consumedLot),
    ).toEqual(['R1', 'R2']);
  });

  it('waits for a line to be complete before indexing it', () => {
    const path = join(dir, 'partial.jsonl');
    const line = JSON.stringify({ v: 1, ...edge('R1', 'B1') });
    writeFileSync(path, line.slice(0, 20));
    const reader = store({ readOnly: true }, path);
    expect([reader.size, reader.skipped]).toEqual([0, 0]);
    appendFileSync(path, `${line.slice(20)}\n`);
    reader.refresh();
    expect([reader.size, reader.skipped]).toEqual([1, 0]);
  });

  it('counts lines that are not edges, and re-reads a file that shrank', () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `not json\n${JSON.stringify({ consumedLot: 'A' })}\n${JSON.stringify(edge('A', 'B'))}\n`);
    const s = store({ readOnly: true }, path);
    expect([s.size, s.skipped]).toEqual([1, 2]);
    writeFileSync(path, `${JSON.stringify(edge('C', 'D'))}\n`);
    s.refresh();
    expect([s.size, s.skipped, s.has('A'), s.has('C')]).toEqual([1, 0, false, true]);
  });

  it('refuses invalid edges without writing anything', () => {
    const s = store();
    expect(() => s.append([edge('R1', 'B1'), edge('B1', 'B1')])).toThrow(/cannot consume itself/);
    expect(() => s.append([edge('R1', 'B1', { time: 'yesterday' })])).toThrow();
    expect(existsSync(file)).toBe(false);
  });

  it('read-only stores never create the file; memory stores keep edges without a file', () => {
    const ro = store({ readOnly: true });
    expect(ro.size).toBe(0);
    expect(() => ro.append([edge('R1', 'B1')])).toThrow(/read-only/);
    expect(existsSync(file)).toBe(false);
    const mem = store({}, null);
    mem.append([edge('R1', 'B1')]);
    mem.refresh();
    expect(mem.size).toBe(1);
    expect(mem.path).toBeNull();
  });
});
