import { describe, expect, it } from 'vitest';
import { fromFlowReports, numberAt, toFlowReport, toRunResult } from './run-result.js';
import { formatTable, summarize } from './summary.js';

const run = (msgsPerSec: number, peakRssMb = 100) => ({ count: 10, ms: 1, msgsPerSec, peakRssMb });

describe('summarize', () => {
  it('takes the fastest run as best, the middle one as median and the highest RSS', () => {
    const s = summarize('x', [run(300, 90), run(100, 120), run(200, 80)]);
    expect(s).toMatchObject({ bestMsgsPerSec: 300, medianMsgsPerSec: 200, peakRssMb: 120 });
  });

  it('averages the two middle runs of an even count', () => {
    expect(summarize('x', [run(10), run(40), run(20), run(30)]).medianMsgsPerSec).toBe(25);
  });

  it('refuses an engine with no runs', () => {
    expect(() => summarize('x', [])).toThrow(/no runs/);
  });
});

describe('formatTable', () => {
  it('prints one line per row with both engines, the Millwright / Node-RED ratio and peak RSS', () => {
    const row = (label: string, ours: number, peer: number) => ({
      label,
      engines: [summarize('millwright', [run(ours, 150)]), summarize('node-red', [run(peer, 300)])],
    });
    const text = formatTable({
      title: 'linear flow',
      rows: [row('1 flow, with function', 90_000, 40_000), row('2 flows, with function', 120_000, 30_000)],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('linear flow');
    expect(lines[1]).toMatch(/^\s+millwright\s+node-red\s+ratio\s+peak RSS MB$/);
    expect(lines[2]).toMatch(
      /^1 flow, with function\s+90,000 \(90,000\)\s+40,000 \(40,000\)\s+2\.25x \(2\.25x\)\s+150 \/ 300$/,
    );
    expect(lines[3]).toMatch(/^2 flows, with function\s+120,000 \(120,000\)\s+30,000 \(30,000\)\s+4\.00x \(4\.00x\)/);
    expect(lines).toHaveLength(4);
  });

  it('shows the median first and the best run in brackets', () => {
    const text = formatTable({
      title: 't',
      rows: [{ label: 'r', engines: [summarize('x', [run(1), run(3), run(2)])] }],
    });
    expect(text.split('\n')[2]).toMatch(/^r\s+2 \(3\)\s+100$/);
  });

  it('has no ratio column for a single engine', () => {
    const text = formatTable({ title: 't', rows: [{ label: 'r', engines: [summarize('node-red', [run(1)])] }] });
    expect(text).not.toMatch(/ratio/);
  });
});

describe('flow reports', () => {
  const report = (count: number, start: number, end: number) => ({ count, start, end });

  it('rates several flows together: all messages over the first start to the last end', () => {
    const r = fromFlowReports([report(1000, 100, 400), report(1000, 150, 600)], {
      flows: 2,
      perFlow: 1000,
      peakRssMb: 1,
    });
    expect(r).toMatchObject({ count: 2000, ms: 500, msgsPerSec: 4000 });
  });

  it('refuses a missing flow or a counter that saw another count', () => {
    expect(() => fromFlowReports([report(1000, 0, 1)], { flows: 2, perFlow: 1000, peakRssMb: 1 })).toThrow(
      /expected 2/,
    );
    expect(() =>
      fromFlowReports([report(1000, 0, 1), report(999, 0, 1)], { flows: 2, perFlow: 1000, peakRssMb: 1 }),
    ).toThrow(/flow 1 counted 999/);
  });

  it('reads a report only when all its fields are numbers', () => {
    expect(toFlowReport({ count: 1, start: 2, end: 3, extra: 'x' })).toEqual(report(1, 2, 3));
    expect(toFlowReport({ count: 1, start: 2 })).toBeUndefined();
  });
});

describe('run results', () => {
  it('computes msgs/s and rejects a sink count that differs from what was sent', () => {
    expect(toRunResult({ count: 1000, ms: 250, expected: 1000, peakRssMb: 1 }).msgsPerSec).toBe(4000);
    expect(() => toRunResult({ count: 999, ms: 250, expected: 1000, peakRssMb: 1 })).toThrow(/999/);
  });

  it('reads only finite numbers from untyped reports', () => {
    expect(numberAt({ ms: 5 }, 'ms')).toBe(5);
    expect(numberAt({ ms: '5' }, 'ms')).toBeUndefined();
    expect(numberAt({ ms: Number.NaN }, 'ms')).toBeUndefined();
    expect(numberAt(null, 'ms')).toBeUndefined();
  });
});
