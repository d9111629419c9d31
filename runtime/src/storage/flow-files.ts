import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeFlow, UserError, type Flow } from '@millwright/model';

/** Suffix of flow files written by `exportFlows` and picked up from directories by `readFlowFiles`. */
export const FLOW_FILE_SUFFIX = '.flow.json';

/** A parsed flow file; `value` is unvalidated JSON. */
export interface FlowFile {
  file: string;
  value: unknown;
}

/** A flow file that could not be read or parsed as JSON. `code` is `invalid_flow_file`. */
export class FlowFileError extends UserError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('invalid_flow_file', `${file}: ${reason}`);
  }
}

/** File name of a flow in an export: its id (ids are restricted to file-name-safe characters). */
export function flowFileName(flow: Pick<Flow, 'id'>): string {
  return `${flow.id}${FLOW_FILE_SUFFIX}`;
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
 * Expands paths to flow files: a file stands for itself, a directory for its `*.flow.json` files
 * in name order (joined to the directory path as given, so messages show paths the user recognises). Throws `FlowFileError` for a path that does not exist.
 */
export async function listFlowFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => {
      throw new FlowFileError(p, 'no such file or directory');
    });
    if (!info.isDirectory()) files.push(p);
    else
      for (const name of (await readdir(p)).filter((n) => n.endsWith(FLOW_FILE_SUFFIX)).sort())
        files.push(join(p, name));
  }
  return files;
}

/** Reads and parses one flow file; throws `FlowFileError` on unreadable or malformed JSON. */
export async function readFlowFile(file: string): Promise<FlowFile> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new FlowFileError(file, err instanceof Error ? err.message : String(err));
  });
  try {
    return { file, value: JSON.parse(text) as unknown };
  } catch (err) {
    throw new FlowFileError(file, `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `listFlowFiles` then `readFlowFile` on each; the content is validated by the caller. */
export async function readFlowFiles(paths: readonly string[]): Promise<FlowFile[]> {
  const out: FlowFile[] = [];
  for (const file of await listFlowFiles(paths)) out.push(await readFlowFile(file));
  return out;
}
