import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCsv } from './csv-format.js';
import { autoNumber, parseCsv } from './csv-parse.js';
import csv from './index.js';

describe('parseCsv (RFC 4180)', () => {
  it('splits fields and rows with CRLF, LF and CR line ends', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('reads quoted delimiters, doubled quotes and line breaks inside quotes', () => {
    const text = 'id,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n4,""\r\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'note'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\r\nlines'],
      ['4', ''],
    ]);
  });

  it('keeps empty fields, skips blank lines unless asked, and drops a BOM', () => {
    expect(parseCsv('\uFEFFa,,c\n\n,\n')).toEqual([
      ['a', '', 'c'],
      ['', ''],
    ]);
    expect(parseCsv('a\n\nb', { skipEmptyLines: false })).toEqual([['a'], [], ['b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('takes other delimiters and quotes, and a quote inside an unquoted field literally', () => {
    expect(parseCsv("x;'a;b';5\"in", { delimiter: ';', quote: "'" })).toEqual([['x', 'a;b', '5"in']]);
    expect(parseCsv('a\tb', { delimiter: '\t' })).toEqual([['a', 'b']]);
  });

  it('rejects an unterminated quote with its line, and text after a closing quote', () => {
    expect(() => parseCsv('a\n"open\nstill')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCsv('"a"b,c')).toThrow(/text after the closing quote/);
  });

  it('detects plain numbers only', () => {
    expect(['12', '-3.5', '1e3', '.5', '+7', '007', '1,5', ' 1', '', '0', '0.25', 'NaN'].map(autoNumber)).toEqual([
      12,
      -3.5,
      1000,
      0.5,
      7,
      '007',
      '1,5',
      ' 1',
      '',
      0,
      0.25,
      'NaN',
    ]);
  });
});

describe('formatCsv', () => {
  it('quotes only what needs it, doubles quotes, ends rows with CRLF', () => {
    expect(formatCsv([['a', 'b,c', 'say "hi"', 'two\nlines', ' pad', null, 3, true]])).toBe(
      'a,"b,c","say ""hi""","two\nlines"," pad",,3,true\r\n',
    );
  });
  it('round-trips through parseCsv', () => {
    const rows = [
      ['x', 'y'],
      ['1,2', '"q"'],
      ['multi\r\nline', ''],
    ];
    expect(parseCsv(formatCsv(rows))).toEqual(rows);
    expect(parseCsv(formatCsv(rows, { delimiter: ';', quoteAll: true, newline: '\n' }), { delimiter: ';' })).toEqual(
      rows,
    );
  });
});

describe('csv node', () => {
  let h: NodeHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  const run = async (config: Record<string, unknown>, payload: unknown, count = 1) => {
    h = await testNode(csv, { config });
    h.input({ payload, topic: 'batch' });
    return h.next(count);
  };

  it('parses text with a header into objects with numbers, and lists the columns', async () => {
    const [out] = await run({}, 'order,material,qty\r\nWO-1,007,500\r\nWO-2,"B, large",12.5\r\n');
    expect(out?.payload).toEqual([
      { order: 'WO-1', material: '007', qty: 500 },
      { order: 'WO-2', material: 'B, large', qty: 12.5 },
    ]);
    expect(out?.['columns']).toEqual(['order', 'material', 'qty']);
    expect(out?.topic).toBe('batch');
  });

  it('parses bytes into arrays, or objects named by `columns`, or one message per row', async () => {
    expect((await run({ output: 'arrays', numbers: false }, Buffer.from('a,b\n1,2\n')))[0]?.payload).toEqual([
      ['1', '2'],
    ]);
    await h?.stop();
    expect((await run({ header: false, columns: 'x, y' }, '1,2\n3,4'))[0]?.payload).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    await h?.stop();
    const rows = await run({ multiple: true, delimiter: '\\t' }, 'a\tb\n1\t2\n3\t4', 2);
    const id = (rows[0]?.['parts'] as { id: string }).id;
    expect(id).toEqual(expect.any(String));
    expect(rows.map((r) => [r.payload, r['parts']])).toEqual([
      [
        { a: 1, b: 2 },
        { id, index: 0, count: 2 },
      ],
      [
        { a: 3, b: 4 },
        { id, index: 1, count: 2 },
      ],
    ]);
    expect(rows[0]?.id).not.toBe(rows[1]?.id);
  });

  it('formats objects with a header row (columns from the keys, or as configured)', async () => {
    const data = [
      { order: 'WO-1', qty: 5, note: 'a,b' },
      { order: 'WO-2', qty: 7, extra: true },
    ];
    expect((await run({}, data))[0]?.payload).toBe('order,qty,note,extra\r\nWO-1,5,"a,b",\r\nWO-2,7,,true\r\n');
    await h?.stop();
    expect((await run({ columns: 'qty,order', header: false, newline: 'LF' }, data))[0]?.payload).toBe(
      '5,WO-1\n7,WO-2\n',
    );
    await h?.stop();
    expect((await run({ bom: true, delimiter: ';' }, { a: 1, b: 'x;y' }))[0]?.payload).toBe('\uFEFFa;b\r\n1;"x;y"\r\n');
  });

  it('formats with the columns named in msg.columns, and a header only when formatHeader says so', async () => {
    h = await testNode(csv, { config: { header: true, formatHeader: false, newline: 'LF' } });
    h.input({ payload: [{ kind: 'Apple', price: 100, origin: 'CA' }], columns: 'kind,price' });
    expect((await h.next())[0]?.payload).toBe('Apple,100\n');
    h.input({ payload: { kind: 'Kiwi', price: 5 }, columns: ['price'] });
    expect((await h.next(2))[1]?.payload).toBe('5\n');
    await h.stop();
    h = await testNode(csv, { config: { header: false, formatHeader: true, newline: 'LF' } });
    h.input({ payload: 'Apple,100' });
    expect((await h.next())[0]?.payload).toEqual([{ col1: 'Apple', col2: 100 }]);
    h.input({ payload: { kind: 'Kiwi' } });
    expect((await h.next(2))[1]?.payload).toBe('kind\nKiwi\n');
  });

  it('formats arrays of arrays, and reports a parse error', async () => {
    expect(
      (
        await run({ mode: 'format', header: false }, [
          [1, 'two'],
          [3, 'four'],
        ])
      )[0]?.payload,
    ).toBe('1,two\r\n3,four\r\n');
    await h?.stop();
    h = await testNode(csv, { config: { mode: 'parse' } });
    h.input({ payload: 'a\n"broken' });
    const e = (await h.waitForEvent((ev) => ev.type === 'error')) as { error: { code: string } };
    expect(e.error.code).toBe('csv_unterminated_quote');
  });
});
