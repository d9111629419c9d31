import type { RunResult } from './run-result.js';

/** The figures of one engine over all its runs. */
export interface EngineSummary {
  label: string;
  runs: RunResult[];
  bestMsgsPerSec: number;
  medianMsgsPerSec: number;
  /** The highest peak RSS over the runs, MB. */
  peakRssMb: number;
}

/** Best, median and worst-case peak RSS over `runs` (at least one). */
export function summarize(label: string, runs: RunResult[]): EngineSummary {
  if (!runs.length) throw new Error(`${label}: no runs to summarize`);
  const rates = runs.map((r) => r.msgsPerSec).sort((a, b) => a - b);
  return {
    label,
    runs,
    bestMsgsPerSec: rates[rates.length - 1] ?? 0,
    medianMsgsPerSec: median(rates),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2) return sorted[mid] ?? 0;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The plain-text table printed by `npm run bench`; a ratio row when both engines ran. */
export function formatTable(args: { title: string; engines: EngineSummary[] }): string {
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  const rows: string[][] = [['', 'msgs/s best', 'msgs/s median', 'peak RSS MB']];
  for (const e of args.engines)
    rows.push([e.label, int(e.bestMsgsPerSec), int(e.medianMsgsPerSec), e.peakRssMb.toFixed(0)]);
  const [ours, peer] = args.engines;
  if (ours && peer) {
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    rows.push([
      'ratio',
      x(ours.bestMsgsPerSec, peer.bestMsgsPerSec),
      x(ours.medianMsgsPerSec, peer.medianMsgsPerSec),
      x(ours.peakRssMb, peer.peakRssMb),
    ]);
  }
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('   ');
  return [args.title, ...rows.map(line)].join('\n');
}
