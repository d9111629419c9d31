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

/** One row of the table: a variant of the flow, summarized per engine (Millwright first when both ran). */
export interface TableRow {
  label: string;
  engines: EngineSummary[];
}

/**
 * The plain-text table printed by `npm run bench`: one line per row with each engine's msgs/s
 * (median, best in brackets), the Millwright / Node-RED ratio when both engines ran, and peak RSS.
 * Every row has the same engines in the same order; the header takes their labels from the first.
 */
export function formatTable(args: { title: string; rows: TableRow[] }): string {
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const labels = args.rows[0]?.engines.map((e) => e.label) ?? [];
  const both = labels.length === 2;
  const lines: string[][] = [['', ...labels, ...(both ? ['ratio'] : []), 'peak RSS MB']];
  for (const row of args.rows) {
    const [ours, peer] = row.engines;
    lines.push([
      row.label,
      ...row.engines.map((e) => `${int(e.medianMsgsPerSec)} (${int(e.bestMsgsPerSec)})`),
      ...(ours && peer
        ? [`${x(ours.medianMsgsPerSec, peer.medianMsgsPerSec)} (${x(ours.bestMsgsPerSec, peer.bestMsgsPerSec)})`]
        : []),
      row.engines.map((e) => e.peakRssMb.toFixed(0)).join(' / '),
    ]);
  }
  const widths = lines[0]?.map((_, col) => Math.max(...lines.map((r) => (r[col] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('   ');
  return [args.title, ...lines.map(line)].join('\n');
}
