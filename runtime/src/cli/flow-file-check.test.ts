import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFilesBelow } from '../storage/flow-files.js';
import { jsonSyntaxError } from '../storage/flow-json.js';
import { isNodeRedExport } from './flow-file-check.js';
import { main } from './main.js';

// `validate`, `import` and `export` in-process: what they read, and what they print for bad input.
const FLOWS = fileURLToPath(new URL('../../../flows/', import.meta.url));

let dir: string;
let out: string[];
let err: string[];
const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-flow-file-check-'));
  out = [];
  err = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, content: string): Promise<string> {
  const file = join(dir, path);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** A Node-RED flows.json: a tab with inject -> debug. */
const NODE_RED_FLOWS = [
  { id: 'tab1', type: 'tab', label: 'Flow 1' },
  { id: 'n1', type: 'inject', z: 'tab1', x: 100, y: 80, wires: [['n2']] },
  { id: 'n2', type: 'debug', z: 'tab1', x: 300, y: 80, wires: [] },
];

describe('validate <dir>', () => {
  it('checks the *.flow.json files in sub-folders too, skipping node_modules and dot-folders', async () => {
    await cp(join(FLOWS, 'hello-world.flow.json'), join(dir, 'hello-world.flow.json'));
    await mkdir(join(dir, 'line/one'), { recursive: true });
    await cp(join(FLOWS, 'line-counter.flow.json'), join(dir, 'line/one/line-counter.flow.json'));
    await put('line/notes.json', 'not a flow');
    await put('node_modules/pkg/bad.flow.json', '{ broken');
    await put('.git/bad.flow.json', '{ broken');

    expect(await main(['validate', dir], io)).toBe(0);
    expect(out).toEqual(['ok: 2 flow(s) valid']);
    expect(await listFilesBelow([dir], '.flow.json', { recursive: true })).toEqual([
      join(dir, 'hello-world.flow.json'),
      join(dir, 'line/one/line-counter.flow.json'),
    ]);
  });

  it('reports a fault of a nested flow file under its path', async () => {
    const flow = JSON.parse(await readFile(join(FLOWS, 'hello-world.flow.json'), 'utf8')) as { nodes: unknown[] };
    flow.nodes.push({ id: 'x', type: 'no-such-node', typeVersion: 1, config: {}, position: { x: 0, y: 0 } });
    const file = await put('a/b/hello.flow.json', JSON.stringify(flow));
    expect(await main(['validate', dir], io)).toBe(1);
    expect(out.join('\n')).toContain(`${file} $.nodes[`);
  });

  it('still reads only the files directly in a directory when not recursive', async () => {
    await put('a.flow.json', '{}');
    await put('sub/b.flow.json', '{}');
    expect(await listFilesBelow([dir], '.flow.json')).toEqual([join(dir, 'a.flow.json')]);
  });
});

describe('Node-RED exports given to validate or import', () => {
  it('validate points to "millwright import node-red" instead of listing schema faults', async () => {
    const file = await put('flows.json', JSON.stringify(NODE_RED_FLOWS));
    expect(await main(['validate', file], io)).toBe(1);
    expect(out).toEqual([`${file}: this looks like a Node-RED export: use "millwright import node-red ${file}"`]);
  });

  it('import does the same for the admin API form { flows: [...] } and stores nothing', async () => {
    const file = await put('export.flow.json', JSON.stringify({ rev: 'abc', flows: NODE_RED_FLOWS }));
    const dataDir = join(dir, 'data');
    expect(await main(['import', file, '--data-dir', dataDir], io)).toBe(1);
    expect(out).toEqual([`${file}: this looks like a Node-RED export: use "millwright import node-red ${file}"`]);
    const stored = await readFile(join(dataDir, 'flows.json'), 'utf8').catch(() => '{"flows":[]}');
    expect(JSON.parse(stored)).toMatchObject({ flows: [] });
  });

  it('is told apart from flows and other JSON with the importer’s own check', () => {
    expect(isNodeRedExport(NODE_RED_FLOWS)).toBe(true);
    expect(isNodeRedExport({ flows: NODE_RED_FLOWS })).toBe(true);
    expect(isNodeRedExport({ id: 'f', name: 'F', nodes: [] })).toBe(false);
    expect(isNodeRedExport([])).toBe(false);
    expect(isNodeRedExport([1, 2])).toBe(false);
    expect(isNodeRedExport([{ id: 'a' }])).toBe(false);
    // A Millwright data dir's flows.json: flows have no "type".
    expect(isNodeRedExport({ revision: '1', flows: [{ id: 'f', nodes: [] }] })).toBe(false);
  });
});

describe('invalid JSON in flow files', () => {
  it('is reported as <file>:<line>:<column> by validate and import', async () => {
    const file = await put('x.flow.json', '{\n  "id": "x",\n  "nodes": [x]\n}\n');
    expect(await main(['validate', file], io)).toBe(1);
    expect(out).toEqual([`${file}:3:13 invalid JSON: Unexpected token 'x'`]);

    out = [];
    expect(await main(['import', file, '--data-dir', join(dir, 'data')], io)).toBe(1);
    expect(out).toEqual([`${file}:3:13 invalid JSON: Unexpected token 'x'`]);
  });

  it('locates each kind of JSON.parse error', () => {
    const at = (text: string) => {
      let message = '';
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      return jsonSyntaxError(text, message);
    };
    // V8 names the position: kept as line and column, dropped from the text.
    expect(at('{\n  "a": 1,\n}')).toEqual({ line: 3, column: 1, detail: 'Expected double-quoted property name' });
    expect(at('{\n  "a": 1\n  "b": 2\n}')).toEqual({
      line: 3,
      column: 3,
      detail: "Expected ',' or '}' after property value",
    });
    // No position in the message: found by scanning.
    expect(at('{"a": tru}')).toEqual({ line: 1, column: 10, detail: "Unexpected token '}'" });
    expect(at('[\n  1,\n  2,\n  oops\n]')).toEqual({ line: 4, column: 3, detail: "Unexpected token 'o'" });
    expect(at('{"a": "x", "b": \'y\'}')).toEqual({ line: 1, column: 17, detail: "Unexpected token '''" });
    expect(at('\uFEFF{}')).toMatchObject({ line: 1, column: 1 });
    expect(at('undefined')).toEqual({ line: 1, column: 1, detail: '"undefined" is not valid JSON' });
    expect(at('{ "version": 1,')).toEqual({ line: 1, column: 16, detail: 'Expected double-quoted property name' });
    // The end of the input: after the last character that is not white space.
    expect(at('{\n  "a":\n\n')).toEqual({ line: 2, column: 7, detail: 'Unexpected end of JSON input' });
    expect(at('[')).toEqual({ line: 1, column: 2, detail: 'Unexpected end of JSON input' });
  });

  it('agrees with the positions V8 gives', () => {
    // For messages with "(line L column C)", the scanner must find the same place.
    const texts = [
      '{"a":1,}',
      '[1 2]',
      '{"a" 1}',
      '{"a":01}',
      '{"a":"b\nc"}',
      '[1] 2',
      '{"a":-}',
      '{"a":1.}',
      '{"a":1e}',
      '"abc',
      '{1:2}',
      '["\\x"]',
      '["\\u12g4"]',
      '{\n  "a": [\n    1\n    2\n  ]\n}',
    ];
    for (const text of texts) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      const v8 = /\(line (\d+) column (\d+)\)$/.exec(message);
      expect(v8, message).not.toBeNull();
      const { line, column } = jsonSyntaxError(
        text,
        message.replace(/ in JSON at position .*$/, ', "x" is not valid JSON'),
      );
      expect({ text, line, column }).toEqual({ text, line: Number(v8?.[1]), column: Number(v8?.[2]) });
    }
  });
});

describe('export --data-dir', () => {
  it('fails when the data dir does not exist, and does not create it', async () => {
    const missing = join(dir, 'no-such-data-dir');
    expect(await main(['export', '--out', join(dir, 'out'), '--data-dir', missing], io)).toBe(1);
    expect(err.join('\n')).toContain(`the data dir ${missing} does not exist`);
    expect(out).toEqual([]);
    await expect(stat(missing)).rejects.toThrow();
    await expect(stat(join(dir, 'out'))).rejects.toThrow();
  });

  it('exports from an existing data dir', async () => {
    const dataDir = join(dir, 'data');
    expect(await main(['import', join(FLOWS, 'hello-world.flow.json'), '--data-dir', dataDir], io)).toBe(0);
    expect(await main(['export', '--out', join(dir, 'out'), '--data-dir', dataDir], io)).toBe(0);
    expect(out).toContain(join(dir, 'out', 'hello-world.flow.json'));
  });
});
