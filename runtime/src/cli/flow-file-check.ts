import { formatPath, type Flow, type NodeCatalog } from '@millwright/model';
import { checkFlows, splitFlowPath } from '../deploy/check-flows.js';
import { convertNodeRedFlows } from '../import/node-red/convert-flows.js';
import { FlowFileError, listFlowFiles, readFlowFile, type FlowFile } from '../storage/flow-files.js';
import { FlowJsonError } from '../storage/flow-json.js';

/** One fault located in a file: `<file> <path> <message>`, or `<file>:<line>:<column> <message>` for bad JSON. */
export interface FileFault {
  file: string;
  path: string;
  code: string;
  message: string;
  /** 1-based position of a JSON syntax error. */
  line?: number;
  column?: number;
}

/** Fault code of a file that holds a Node-RED export instead of a Millwright flow. */
export const NODE_RED_EXPORT = 'node_red_export';

/**
 * Reads flow files (or directories of them) and checks them together as one deployment, with
 * each fault mapped back to its file and the path inside that file. Unreadable files, bad JSON
 * (with line and column) and Node-RED exports are faults at `$` too, so every file is reported
 * in one pass. With `recursive`, a directory stands for every flow document below it
 * (`*.flow.json`, `*.subflow.json`, `*.config.json`, as `millwright test` searches), else for the
 * ones directly in it.
 */
export async function checkFlowFiles(
  paths: readonly string[],
  catalog: NodeCatalog,
  extra: readonly Flow[] = [],
  options: { recursive?: boolean } = {},
): Promise<{ ok: true; flows: Flow[]; files: FlowFile[] } | { ok: false; faults: FileFault[] }> {
  const faults: FileFault[] = [];
  const files: FlowFile[] = [];
  let list: string[];
  try {
    list = await listFlowFiles(paths, options);
  } catch (err) {
    if (err instanceof FlowFileError) return { ok: false, faults: [fileFault(err)] };
    throw err;
  }
  for (const file of list) {
    try {
      const flowFile = await readFlowFile(file);
      if (isNodeRedExport(flowFile.value))
        faults.push({
          file,
          path: '$',
          code: NODE_RED_EXPORT,
          message: `this looks like a Node-RED export: use "millwright import node-red ${file}"`,
        });
      else files.push(flowFile);
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
  if (f.line !== undefined) return `${f.file}:${f.line}:${f.column ?? 1} ${f.message}`;
  if (f.code === NODE_RED_EXPORT) return `${f.file}: ${f.message}`;
  return `${f.file} ${f.path} ${f.message}`;
}

/**
 * True when `value` is a Node-RED export (the flows.json array, or `{ flows: [...] }` from the
 * Node-RED admin API) rather than a Millwright flow: the Node-RED importer accepts it.
 */
export function isNodeRedExport(value: unknown): boolean {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? (Reflect.get(value, 'flows') as unknown)
      : undefined;
  if (!Array.isArray(list) || !list.length) return false;
  try {
    convertNodeRedFlows(value);
    return true;
  } catch (err) {
    // The importer's own check of the input's shape; any later trouble is the importer's to report.
    return !(typeof err === 'object' && err !== null && Reflect.get(err, 'code') === 'invalid_node_red_export');
  }
}

function fileFault(err: FlowFileError): FileFault {
  return {
    file: err.file,
    path: '$',
    code: err.code,
    message: err instanceof FlowJsonError ? `invalid JSON: ${err.detail}` : err.reason,
    ...(err instanceof FlowJsonError ? { line: err.line, column: err.column } : {}),
  };
}
