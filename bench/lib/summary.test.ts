import { describe, expect, it } from 'vitest';
import { numberAt, toRunResult } from './run-result.js';
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
  it('prints one row per engine and the Millwright / Node-RED ratios', () => {
    const text = formatTable({
      title: 'linear flow',
      engines: [summarize('millwright', [run(90_000, 150)]), summarize('node-red', [run(40_000, 300)])],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('linear flow');
    expect(lines[2]).toMatch(/^millwright\s+90,000\s+90,000\s+150$/);
    expect(lines[3]).toMatch(/^node-red\s+40,000\s+40,000\s+300$/);
    expect(lines[4]).toMatch(/^ratio\s+2\.25x\s+2\.25x\s+0\.50x$/);
  });

  it('has no ratio row for a single engine', () => {
    const text = formatTable({ title: 't', engines: [summarize('node-red', [run(1)])] });
    expect(text).not.toMatch(/ratio/);
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
