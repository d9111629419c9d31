import type { NodeConverter } from '../types.js';
import { bool, num, text } from '../values.js';

/** Node-RED's separator as Millwright's one character (a tab is written `\t`). */
function separator(sep: unknown): string | undefined {
  const s = text(sep) || ',';
  if (s === '\t' || s === '\\t') return '\\t';
  return s.length === 1 ? s : undefined;
}

/**
 * Node-RED `csv` (parse and format, legacy and RFC 4180 modes) onto the csv node: separator,
 * column template, header row in and out, one message per row (`multi: "one"`) or one array,
 * numbers, line ending. Skipping lines at the start has no equivalent.
 */
export const csv: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    const delimiter = separator(n['sep']);
    if (delimiter === undefined) return { unsupported: `separator "${text(n['sep'])}" is longer than one character` };
    const skip = num(n['skip'], 0);
    if (skip > 0) return { unsupported: `skipping the first ${skip} line(s) of the input is not supported` };
    // The template may quote names that hold commas; Millwright's column list is plain.
    const columns = text(n['temp'])
      .split(',')
      .map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
      .join(',');
    const hdrout = n['hdrout'] === true ? 'all' : text(n['hdrout']) || 'none';
    if (hdrout === 'once')
      warnings.push('the header row is written on every message (Node-RED: once, again after msg.reset)');
    const ret = text(n['ret']);
    if (ret && ret !== '\\n' && ret !== '\n' && ret !== '\\r\\n' && ret !== '\r\n')
      warnings.push('line ending other than LF or CRLF written as LF');
    if (bool(n['include_empty_strings']) || bool(n['include_null_values']))
      warnings.push('empty fields are always kept as ""');
    return {
      type: 'csv',
      config: {
        mode: 'auto',
        delimiter,
        // Node-RED reads the header row when parsing with `hdrin`, writes one when formatting with `hdrout`.
        header: bool(n['hdrin']),
        formatHeader: hdrout !== 'none',
        columns: columns === ',' ? '' : columns.replace(/^,+|,+$/g, ''),
        output: 'objects',
        numbers: n['strings'] !== false && n['strings'] !== 'false',
        skipEmptyLines: true,
        multiple: text(n['multi'] || 'one') === 'one',
        newline: ret === '\\r\\n' || ret === '\r\n' ? 'CRLF' : 'LF',
      },
      warnings,
    };
  },
};
