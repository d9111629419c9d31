import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeFlow, type Flow } from '@millwright/model';
import { FlowFileError, parseFlowJson } from './flow-json.js';

export { FlowFileError, FlowJsonError } from './flow-json.js';

/** Suffix of flow files written by `exportFlows` and picked up from directories by `readFlowFiles`. */
export const FLOW_FILE_SUFFIX = '.flow.json';

/** A parsed flow file; `value` is unvalidated JSON. */
export interface FlowFile {
  file: string;
  value: unknown;
}

/** Suffix of subflow definition files, read and written beside the flow files (decision 0024). */
export const SUBFLOW_FILE_SUFFIX = '.subflow.json';

/** Suffix of shared config documents, read and written beside the flow files (decision 0039). */
export const SHARED_CONFIG_FILE_SUFFIX = '.config.json';

/**
 * File name of a flow in an export: its id (ids are restricted to file-name-safe characters) and
 * `.flow.json`, `.subflow.json` for a subflow definition, `.config.json` for a shared config document.
 */
export function flowFileName(flow: Pick<Flow, 'id' | 'subflow' | 'shared'>): string {
  const suffix = flow.subflow ? SUBFLOW_FILE_SUFFIX : flow.shared ? SHARED_CONFIG_FILE_SUFFIX : FLOW_FILE_SUFFIX;
  return `${flow.id}${suffix}`;
}

/**
 * Writes one file per flow into `dir` (created if missing), in the stable serialized form so the
 * files diff cleanly in git. Returns the written paths.
 */
export async function exportFlows(flows: readonly Flow[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const flow of flows) {
    const file = join(dir, flowFileName(flow));
    await writeFile(file, serializeFlow(flow));
    written.push(file);
  }
  return written;
}

/**
 * Expands paths to files: a file stands for itself, a directory for the files ending in `suffix`
 * in it (with `recursive`, also in its sub-folders, skipping `node_modules` and dot-folders), in
 * name order and joined to the path as given, so messages show paths the user recognises.
 * Throws `FlowFileError` for a path that does not exist.
 */
export async function listFilesBelow(
  paths: readonly string[],
  suffix: string | readonly string[],
  options: { recursive?: boolean } = {},
): Promise<string[]> {
  const suffixes = typeof suffix === 'string' ? [suffix] : suffix;
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (options.recursive && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
          await walk(join(dir, entry.name));
      } else if (entry.isFile() && suffixes.some((x) => entry.name.endsWith(x))) out.push(join(dir, entry.name));
    }
  };
  for (const p of paths) {
    const info = await stat(p).catch(() => {
      throw new FlowFileError(p, 'no such file or directory');
    });
    if (info.isDirectory()) await walk(p);
    else out.push(p);
  }
  return out;
}

/** True for the name of a flow, subflow or shared config file (what `flowFileName` writes). */
export function isFlowFileName(name: string): boolean {
  return [FLOW_FILE_SUFFIX, SUBFLOW_FILE_SUFFIX, SHARED_CONFIG_FILE_SUFFIX].some((s) => name.endsWith(s));
}

/**
 * Flow files named by `paths` (directories: their `*.flow.json`, `*.subflow.json` and
 * `*.config.json` files, below too with `recursive`).
 */
export function listFlowFiles(paths: readonly string[], options: { recursive?: boolean } = {}): Promise<string[]> {
  return listFilesBelow(paths, [FLOW_FILE_SUFFIX, SUBFLOW_FILE_SUFFIX, SHARED_CONFIG_FILE_SUFFIX], options);
}

/**
 * Reads and parses one flow file: the one place flow file text becomes JSON. Throws
 * `FlowFileError` when the file cannot be read, `FlowJsonError` (with line and column) when it is
 * not valid JSON.
 */
export async function readFlowFile(file: string): Promise<FlowFile> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new FlowFileError(file, err instanceof Error ? err.message : String(err));
  });
  return { file, value: parseFlowJson(file, text) };
}

/** `listFlowFiles` then `readFlowFile` on each; the content is validated by the caller. */
export async function readFlowFiles(
  paths: readonly string[],
  options: { recursive?: boolean } = {},
): Promise<FlowFile[]> {
  const out: FlowFile[] = [];
  for (const file of await listFlowFiles(paths, options)) out.push(await readFlowFile(file));
  return out;
}
