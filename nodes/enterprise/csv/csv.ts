import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { unescapeChar, type CsvConfig } from './config.js';
import { formatCsv } from './csv-format.js';
import { autoNumber, parseCsv } from './csv-parse.js';

/** Builds the csv node: text to rows (objects or arrays) and rows to text. */
export function createCsv(ctx: NodeContext<CsvConfig>): NodeHandlers {
  const cfg = ctx.config;
  const delimiter = unescapeChar(cfg.delimiter);
  const quote = unescapeChar(cfg.quote);
  const configured = cfg.columns
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    input(msg) {
      const p = msg.payload;
      const isText = typeof p === 'string' || p instanceof Uint8Array;
      const parse = cfg.mode === 'parse' || (cfg.mode === 'auto' && isText);
      if (parse) {
        if (!isText) throw new UserError('csv_not_text', 'parse needs msg.payload as text or bytes');
        // One entry per port: all messages go to port 0.
        ctx.send([parseMessages(msg, typeof p === 'string' ? p : Buffer.from(p).toString('utf8'))]);
        return;
      }
      const columns = columnsOf(p, msg);
      ctx.send({ ...msg, payload: format(p, columns), columns });
    },
  };

  function parseMessages(msg: FlowMessage, text: string): FlowMessage[] {
    const rows = parseCsv(text, { delimiter, quote, skipEmptyLines: cfg.skipEmptyLines });
    const conv = (f: string) => (cfg.numbers ? autoNumber(f) : f);
    let names: string[] = configured;
    if (cfg.header) {
      const head = rows.shift() ?? [];
      if (!names.length) names = head.map((h, i) => h.trim() || `col${i + 1}`);
    }
    const out: unknown[] =
      cfg.output === 'arrays'
        ? rows.map((r) => r.map(conv))
        : rows.map((r) => {
            const o: Record<string, unknown> = {};
            r.forEach((f, i) => (o[names[i] ?? `col${i + 1}`] = conv(f)));
            return o;
          });
    const columns = names.length ? names : undefined;
    if (!cfg.multiple) return [{ ...msg, payload: out, ...(columns ? { columns } : {}) }];
    return out.map((row, index) => ({
      ...msg,
      id: ctx.newMessage().id,
      payload: row,
      ...(columns ? { columns } : {}),
      // As Node-RED: the sequence is named after the message that was parsed, so a join can rebuild it.
      parts: { id: msg.id, index, count: out.length },
    }));
  }

  function columnsOf(p: unknown, msg: FlowMessage): string[] {
    if (configured.length) return configured;
    // As Node-RED: the message may name the columns (a parse earlier in the flow sets them too).
    const given = msg['columns'];
    const list = Array.isArray(given) ? given.map(String) : typeof given === 'string' ? given.split(',') : [];
    const named = list.map((c) => c.trim()).filter(Boolean);
    if (named.length) return named;
    const rows = Array.isArray(p) ? p : [p];
    const seen = new Set<string>();
    for (const r of rows) if (isRecord(r)) for (const k of Object.keys(r)) seen.add(k);
    return [...seen];
  }

  function format(p: unknown, columns: string[]): string {
    if (p === undefined || p === null) throw new UserError('csv_nothing_to_format', 'msg.payload is empty');
    // An array of rows, one object (one row), or an array of plain values (one row).
    const list: unknown[] = Array.isArray(p) ? (p.every((r) => !Array.isArray(r) && !isRecord(r)) ? [p] : p) : [p];
    const rows: unknown[][] = list.map((r) => {
      if (Array.isArray(r)) return r;
      if (isRecord(r)) return columns.map((c) => r[c]);
      throw new UserError('csv_bad_row', `a row must be an object or an array, got ${typeof r}`);
    });
    if ((cfg.formatHeader ?? cfg.header) && columns.length) rows.unshift(columns);
    const text = formatCsv(rows, {
      delimiter,
      quote,
      newline: cfg.newline === 'CRLF' ? '\r\n' : '\n',
      quoteAll: cfg.quoteAll,
    });
    return cfg.bom ? `\uFEFF${text}` : text;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}
