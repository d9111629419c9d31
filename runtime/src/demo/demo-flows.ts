import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonFile } from '../storage/durable-file.js';
import { isFlowsFile } from '../snapshots/snapshot-store.js';
import { isFlowFileName } from '../storage/flow-files.js';

/**
 * The demo plant's flow files: the copy the build puts beside the compiled module (what an installed
 * runtime has), else `flows/demo-plant/` of the repository (running from the sources).
 */
export const DEMO_FLOWS_DIR = [
  new URL('./flows/', import.meta.url),
  new URL('../../../flows/demo-plant/', import.meta.url),
]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(dir)) as string;

/**
 * The demo's documents as parsed JSON, in file name order (validated when deployed): its flows and
 * its shared config document (`shared: true`, the PLC connection the flows use; decision 0039).
 */
export async function loadDemoFlows(dir = DEMO_FLOWS_DIR): Promise<Array<{ id: string; shared?: boolean }>> {
  const files = (await readdir(dir)).filter(isFlowFileName).sort();
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as { id: string; shared?: boolean }),
  );
}

/** What `millwright start` does about the demo. */
export interface DemoDecision {
  /** Start the simulators (and set the `MILLWRIGHT_DEMO_*` variables). */
  run: boolean;
  /** Flows to deploy at start: the stored ones plus the demo flows missing from them; undefined: the stored ones. */
  flows?: unknown[];
}

/**
 * Decides whether `start` runs the demo plant: always with `on` (`--demo`), never with `off`
 * (`--no-demo`), and with `auto` when the data dir holds no flows yet (first start) or still holds
 * a demo flow (a later start of the same demo). Demo flows missing from the store are added to
 * it; stored ones, possibly edited in the editor, are kept as they are.
 */
export async function decideDemo(options: { dataDir: string; mode: 'auto' | 'on' | 'off' }): Promise<DemoDecision> {
  if (options.mode === 'off') return { run: false };
  const stored = await readStoredFlows(options.dataDir);
  const demo = await loadDemoFlows();
  const storedIds = new Set(
    stored.map((f) => (f !== null && typeof f === 'object' ? Reflect.get(f, 'id') : undefined)),
  );
  const run = options.mode === 'on' || stored.length === 0 || demo.some((f) => storedIds.has(f.id));
  if (!run) return { run: false };
  const missing = demo.filter((f) => !storedIds.has(f.id));
  return missing.length ? { run, flows: [...stored, ...missing] } : { run };
}

/** The flows in `<dataDir>/flows.json`, read only (the runtime owns the file); [] when there is none. */
async function readStoredFlows(dataDir: string): Promise<unknown[]> {
  // An unreadable file is the flow store's to report (naming the last good revision), not ours.
  const data = await readJsonFile(join(dataDir, 'flows.json'));
  return isFlowsFile(data) ? data.flows : [];
}
