import { formatPath, type Flow } from '@millwright/model';
import type { NodeCatalog } from '@millwright/model';
import { checkFlows, splitFlowPath } from '../deploy/check-flows.js';
import { FlowFileError, listFlowFiles, readFlowFile, type FlowFile } from '../storage/flow-files.js';

/** One fault located in a file: `<file> <path> <message>`. */
export interface FileFault {
  file: string;
  path: string;
  code: string;
  message: string;
}

/**
 * Reads flow files (or directories of them) and checks them together as one deployment, with
 * each fault mapped back to its file and the path inside that file. Unreadable files and bad JSON
 * are faults at `$` too, so every file is reported in one pass.
 */
export async function checkFlowFiles(
  paths: readonly string[],
  catalog: NodeCatalog,
  extra: readonly Flow[] = [],
): Promise<{ ok: true; flows: Flow[]; files: FlowFile[] } | { ok: false; faults: FileFault[] }> {
  const faults: FileFault[] = [];
  const files: FlowFile[] = [];
  let list: string[];
  try {
    list = await listFlowFiles(paths);
  } catch (err) {
    if (err instanceof FlowFileError) return { ok: false, faults: [fileFault(err)] };
    throw err;
  }
  for (const file of list) {
    try {
      files.push(await readFlowFile(file));
    } catch (err) {
      if (!(err instanceof FlowFileError)) throw err;
      faults.push(fileFault(err));
    }
  }
  if (faults.length) return { ok: false, faults };
  if (!files.length)
    return {
      ok: false,
      faults: [{ file: paths.join(' '), path: '$', code: 'no_flows', message: 'no flow files found' }],
    };
  const check = checkFlows([...files.map((f) => f.value), ...extra], catalog);
  if (check.ok) return { ok: true, flows: check.flows.slice(0, files.length), files };
  for (const i of check.issues) {
    const { index, rest } = splitFlowPath(i.path);
    const file = index !== undefined ? (files[index]?.file ?? '(stored flows)') : '(deployment)';
    faults.push({ file, path: formatPath(rest), code: i.code, message: i.message });
  }
  return { ok: false, faults };
}

/** The one-line form printed by `validate` and `import`. */
export function formatFault(f: FileFault): string {
  return `${f.file} ${f.path} ${f.message}`;
}

function fileFault(err: FlowFileError): FileFault {
  return { file: err.file, path: '$', code: err.code, message: err.reason };
}
