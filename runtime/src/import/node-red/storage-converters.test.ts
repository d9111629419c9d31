import { describe, expect, it } from 'vitest';
import { CONVERTERS } from './converters/index.js';
import type { ConvertContext, ConvertOutcome, NodeRedNode } from './types.js';

// Converters of csv, file, file in and watch (issue 18), fed with the fields Node-RED's editor
// writes (as in @node-red/nodes/examples).
const ctx: ConvertContext = { node: () => undefined, groupMembers: () => [], idOf: (id) => id, sources: () => [] };
const convert = (type: string, fields: Record<string, unknown>): ConvertOutcome => {
  const converter = CONVERTERS[type];
  if (!converter) throw new Error(`no converter for ${type}`);
  return converter.convert({ id: 'n1', type, z: 't', x: 0, y: 0, wires: [[]], ...fields } as NodeRedNode, ctx);
};
const config = (o: ConvertOutcome) => {
  if ('unsupported' in o) throw new Error(`unexpectedly unsupported: ${o.unsupported}`);
  return o.config;
};
const warnings = (o: ConvertOutcome) => ('unsupported' in o ? [] : (o.warnings ?? []));

describe('csv', () => {
  const base = { sep: ',', hdrin: '', hdrout: 'none', multi: 'one', ret: '\\n', temp: '', skip: '0', strings: true };
  it('parses with a header row into one message per row; formats with the column template and header', () => {
    expect(config(convert('csv', { ...base, hdrin: true }))).toEqual({
      mode: 'auto',
      delimiter: ',',
      header: true,
      formatHeader: false,
      columns: '',
      output: 'objects',
      numbers: true,
      skipEmptyLines: true,
      multiple: true,
      newline: 'LF',
    });
    expect(
      config(convert('csv', { ...base, temp: 'kind, "price"', hdrout: 'all', multi: 'mult', ret: '\\r\\n' })),
    ).toMatchObject({
      header: false,
      formatHeader: true,
      columns: 'kind,price',
      multiple: false,
      newline: 'CRLF',
    });
    expect(config(convert('csv', { ...base, sep: '\t', strings: false }))).toMatchObject({
      delimiter: '\\t',
      numbers: false,
    });
    expect(warnings(convert('csv', { ...base, hdrout: 'once' }))).toEqual([
      'the header row is written on every message (Node-RED: once, again after msg.reset)',
    ]);
  });

  it('refuses skipped lines and long separators', () => {
    expect(convert('csv', { ...base, skip: '2' })).toEqual({
      unsupported: 'skipping the first 2 line(s) of the input is not supported',
    });
    expect(convert('csv', { ...base, sep: '::' })).toHaveProperty('unsupported');
  });
});

describe('file, file in, watch', () => {
  it('file: overwrite, append, delete; msg.filename when the name is empty; absolute paths warn about files.roots', () => {
    const written = convert('file', {
      filename: '/tmp/hello.txt',
      appendNewline: true,
      createDir: false,
      overwriteFile: 'true',
      encoding: 'none',
    });
    expect(config(written)).toEqual({
      path: '/tmp/hello.txt',
      mode: 'overwrite',
      newline: true,
      createDirs: false,
      encoding: 'utf8',
    });
    expect(warnings(written).join('\n')).toMatch(/list "\/tmp" .* in settings.json files.roots/);
    expect(config(convert('file', { filename: '', overwriteFile: 'false', encoding: 'base64' }))).toMatchObject({
      path: '',
      mode: 'append',
      encoding: 'base64',
    });
    expect(config(convert('file', { filename: 'x.txt', overwriteFile: 'delete' }))).toEqual({
      path: 'x.txt',
      mode: 'delete',
    });
    expect(convert('file', { filename: 'f', filenameType: 'env' })).toEqual({
      unsupported: 'the file name from a "env" value',
    });
    expect(convert('file', { filename: 'a.txt', encoding: 'Shift_JIS' })).toEqual({
      unsupported: 'writing in the encoding "Shift_JIS"',
    });
  });

  it('file in: text, lines or bytes in an encoding; streams are refused', () => {
    expect(config(convert('file in', { filename: 'in.txt', format: 'utf8', encoding: 'none' }))).toEqual({
      path: 'in.txt',
      output: 'text',
      encoding: 'utf8',
    });
    expect(config(convert('file in', { filename: 'in.txt', format: 'lines', allProps: true }))).toMatchObject({
      output: 'lines',
    });
    expect(config(convert('file in', { filename: 'in.txt', format: '', encoding: 'latin1' }))).toMatchObject({
      output: 'bytes',
      encoding: 'latin1',
    });
    expect(convert('file in', { filename: 'in.txt', format: 'stream' })).toHaveProperty('unsupported');
  });

  it('watch: a file becomes its folder and name, a folder every file in it; several paths are refused', () => {
    expect(config(convert('watch', { files: '/tmp/hello.txt', recursive: '' }))).toMatchObject({
      dir: '/tmp',
      pattern: 'hello.txt',
      recursive: false,
      read: 'none',
      initial: false,
    });
    expect(config(convert('watch', { files: '/tmp/HG/', recursive: true }))).toMatchObject({
      dir: '/tmp/HG',
      pattern: '*',
      recursive: true,
    });
    expect(convert('watch', { files: '/a.txt, /b.txt' })).toEqual({
      unsupported: 'watching 2 paths at once (one file or folder converts)',
    });
  });
});
