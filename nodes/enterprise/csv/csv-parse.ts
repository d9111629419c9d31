import { UserError } from '@millwright/model';

/** How to read CSV text. */
export interface CsvParseOptions {
  /** One character (default `,`). */
  delimiter?: string;
  /** One character (default `"`). */
  quote?: string;
  /** Drop rows that are empty (a blank line) (default true). */
  skipEmptyLines?: boolean;
}

/**
 * Splits CSV text into rows of fields, per RFC 4180 and what spreadsheets write: fields may be
 * quoted; inside quotes the delimiter and line breaks are data and a doubled quote is one quote;
 * rows end with CRLF, LF or CR; a leading byte order mark is dropped. A quote inside an unquoted
 * field is kept as a character. Throws a UserError `csv_unterminated_quote` (with the line of the
 * opening quote) when a quoted field never closes, and `csv_text_after_quote` for `"a"b`.
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): string[][] {
  const delim = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  const skipEmpty = options.skipEmptyLines ?? true;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  // `rowStarted` tells "\n" (an empty row) from "a\n" or ",\n"; `inField` is true once the
  // current field has a character or was quoted (a quote then is a literal character).
  let rowStarted = false;
  let inField = false;
  const endRow = () => {
    if (rowStarted) {
      row.push(field);
      rows.push(row);
    } else if (!skipEmpty) rows.push([]);
    row = [];
    field = '';
    rowStarted = false;
    inField = false;
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === quote && !inField) {
      // Quoted field: read to the closing quote.
      const startLine = line;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i] as string;
        if (q === quote) {
          if (text[i + 1] === quote) {
            field += quote;
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (q === '\n' || (q === '\r' && text[i + 1] !== '\n')) line++;
        field += q;
        i++;
      }
      if (!closed) throw new UserError('csv_unterminated_quote', `line ${startLine}: a quoted field is never closed`);
      rowStarted = inField = true;
      const next = text[i];
      if (next !== undefined && next !== delim && next !== '\n' && next !== '\r')
        throw new UserError('csv_text_after_quote', `line ${line}: text after the closing quote of a field`);
      continue;
    }
    if (c === delim) {
      row.push(field);
      field = '';
      rowStarted = true;
      inField = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      line++;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    rowStarted = inField = true;
    i++;
  }
  if (rowStarted) endRow();
  return rows;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A field as a number when it is plainly one ("12", "-3.5", "1e3"). Text with leading zeros
 * ("007", part numbers), spaces, thousands separators or an empty field stays text.
 */
export function autoNumber(field: string): string | number {
  if (!NUMBER.test(field) || /^[-+]?0\d/.test(field)) return field;
  const v = Number(field);
  return Number.isFinite(v) ? v : field;
}
