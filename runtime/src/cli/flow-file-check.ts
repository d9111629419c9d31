import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatPath, type Flow, type NodeCatalog } from '@millwright/model';
import { checkFlows, splitFlowPath } from '../deploy/check-flows.js';
import { convertNodeRedFlows } from '../import/node-red/convert-flows.js';
import { FLOW_FILE_SUFFIX, FlowFileError, type FlowFile } from '../storage/flow-files.js';

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
 * in one pass. With `recursive`, a directory stands for every `*.flow.json` below it (as
 * `millwright test` searches), else for the ones directly in it.
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
    list = await listFilesBelow(paths, FLOW_FILE_SUFFIX, options);
  } catch (err) {
    if (err instanceof FlowFileError) return { ok: false, faults: [fileFault(err)] };
    throw err;
  }
  for (const file of list) {
    try {
      const flowFile = await readFlowJson(file);
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
 * Expands paths to files: a file stands for itself, a directory for the files ending in `suffix`
 * in it (with `recursive`, also in its sub-folders, skipping `node_modules` and dot-folders), in
 * name order and joined to the path as given, so messages show paths the user recognises.
 * Throws `FlowFileError` for a path that does not exist.
 */
export async function listFilesBelow(
  paths: readonly string[],
  suffix: string,
  options: { recursive?: boolean } = {},
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (options.recursive && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
          await walk(join(dir, entry.name));
      } else if (entry.isFile() && entry.name.endsWith(suffix)) out.push(join(dir, entry.name));
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

/** A flow file whose text is not valid JSON, located at the (1-based) line and column of the error. */
export class FlowJsonError extends FlowFileError {
  constructor(
    file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(file, `invalid JSON: ${detail}`);
    this.message = `${file}:${line}:${column} invalid JSON: ${detail}`;
  }
}

/**
 * Reads and parses one flow file: the one place the CLI turns flow file text into JSON. Throws
 * `FlowFileError` when the file cannot be read and `FlowJsonError` (with line and column) when it
 * is not valid JSON.
 */
export async function readFlowJson(file: string): Promise<FlowFile> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new FlowFileError(file, err instanceof Error ? err.message : String(err));
  });
  return { file, value: parseFlowJson(file, text) };
}

/** `JSON.parse`, throwing `FlowJsonError` with the line and column of a syntax error. */
export function parseFlowJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const { line, column, detail } = jsonSyntaxError(text, err instanceof Error ? err.message : String(err));
    throw new FlowJsonError(file, line, column, detail);
  }
}

/**
 * Where `JSON.parse(text)` failed and why, from its error message. V8 names the offset in most
 * messages ("... in JSON at position 8 (line 1 column 9)"); "Unexpected end of JSON input" means
 * the end of the text, and for "Unexpected token 'x', "...snippet..." is not valid JSON" the
 * offset is found by scanning the text. The detail drops the offset and the snippet.
 */
export function jsonSyntaxError(text: string, message: string): { line: number; column: number; detail: string } {
  const positioned = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  let offset: number;
  let detail = message;
  if (positioned) {
    offset = Number(positioned[1]);
    detail = message.slice(0, positioned.index);
  } else if (message.startsWith('Unexpected end of JSON input')) {
    offset = text.trimEnd().length;
  } else {
    offset = jsonErrorOffset(text);
    detail = message.replace(/^(Unexpected token '[\s\S]'), [\s\S]* is not valid JSON$/, '$1');
  }
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1, detail };
}

/** Offset of the first JSON syntax error in `text` (text.length when there is none). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonScanError(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expect = (c: string) => {
    if (text.charAt(i) !== c) fail();
    i++;
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text.charAt(i);
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text.charAt(i))) fail();
        } else if (e !== '' && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const digits = () => {
    const start = i;
    while (/[0-9]/.test(text.charAt(i))) i++;
    if (i === start) fail();
  };
  const number = () => {
    if (text.charAt(i) === '-') i++;
    if (text.charAt(i) === '0') i++;
    else digits();
    if (text.charAt(i) === '.') {
      i++;
      digits();
    }
    if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
      i++;
      if (text.charAt(i) === '+' || text.charAt(i) === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    space();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      space();
      if (text.charAt(i) === '}') return void i++;
      for (;;) {
        space();
        string();
        space();
        expect(':');
        value();
        space();
        if (text.charAt(i) === '}') return void i++;
        expect(',');
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text.charAt(i) === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text.charAt(i) === ']') return void i++;
        expect(',');
      }
    }
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c)) return number();
    const literal = ['true', 'false', 'null'].find((l) => l.startsWith(c) && c !== '');
    if (!literal) fail();
    for (const ch of literal ?? '') expect(ch);
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (err) {
    if (err instanceof JsonScanError) return err.offset;
    return 0; // nested too deeply for the scanner: point at the start
  }
}

class JsonScanError {
  constructor(readonly offset: number) {}
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
