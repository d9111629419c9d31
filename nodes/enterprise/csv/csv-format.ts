/** How to write CSV text. */
export interface CsvFormatOptions {
  delimiter?: string;
  quote?: string;
  /** Row separator (default CRLF, as RFC 4180 says). */
  newline?: string;
  /** Quote every field, not only those that need it. */
  quoteAll?: boolean;
}

/**
 * Writes rows as CSV (RFC 4180): a field is quoted when it holds the delimiter, the quote, a line
 * break or leading/trailing spaces, and quotes inside are doubled. null and undefined are empty;
 * Dates are ISO text; objects are JSON. Every row ends with the newline.
 */
export function formatCsv(rows: ReadonlyArray<ReadonlyArray<unknown>>, options: CsvFormatOptions = {}): string {
  const delim = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  const newline = options.newline ?? '\r\n';
  const needs = (s: string) =>
    options.quoteAll === true ||
    s.includes(delim) ||
    s.includes(quote) ||
    s.includes('\n') ||
    s.includes('\r') ||
    s.trim() !== s;
  const cell = (v: unknown): string => {
    const s = toText(v);
    return needs(s) ? quote + s.split(quote).join(quote + quote) + quote : s;
  };
  return rows.map((r) => r.map(cell).join(delim) + newline).join('');
}

function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
