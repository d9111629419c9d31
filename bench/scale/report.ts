/** Rows, medians and the printed table of `npm run bench:scale`. */

export type EngineName = 'millwright' | 'node-red';

/** One row of the table: a figure measured on each engine, `runs` times. */
export interface Row {
  key: string;
  label: string;
  unit: 'ms' | 'MB';
}

/** Every sample, by engine and row key, in run order. */
export type Samples = Record<EngineName, Record<string, number[]>>;

export function emptySamples(): Samples {
  return { millwright: {}, 'node-red': {} };
}

export function record(samples: Samples, engine: EngineName, key: string, value: number): void {
  (samples[engine][key] ??= []).push(value);
}

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The table: row, Millwright median, Node-RED median, ratio (Millwright / Node-RED). */
export function formatTable(args: { title: string; rows: Row[]; samples: Samples; nodeRedLabel: string }): string {
  const fmt = (n: number, unit: string) => (Number.isNaN(n) ? 'n/a' : `${n.toFixed(n < 10 ? 1 : 0)} ${unit}`);
  const cells: string[][] = [['row', 'millwright', args.nodeRedLabel, 'ratio']];
  for (const row of args.rows) {
    const a = median(args.samples.millwright[row.key] ?? []);
    const b = median(args.samples['node-red'][row.key] ?? []);
    const ratio = Number.isNaN(a) || Number.isNaN(b) || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`;
    cells.push([row.label, fmt(a, row.unit), fmt(b, row.unit), ratio]);
  }
  const widths = cells[0]?.map((_, col) => Math.max(...cells.map((r) => (r[col] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('   ');
  return [args.title, ...cells.map(line)].join('\n');
}
