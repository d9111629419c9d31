import { UserError } from '@millwright/model';
import { getMsgPath } from '@millwright/sdk';
import type { SqlValue } from './sql-db.js';

/** How a dialect writes literals, where the parameter scanner must not look. */
export interface Lexis {
  /** `[name]` is a quoted identifier (SQL Server), not an array subscript. */
  brackets?: boolean;
  /** `\'` escapes a quote inside a string literal (default; not in SQL Server). */
  backslashEscapes?: boolean;
}

/** The lexis of a database kind. */
export const lexisOf = (kind: string): Lexis => (kind === 'mssql' ? { brackets: true, backslashEscapes: false } : {});

/** A parameter of a statement: a name (`:order.id`) or a position (`?`). */
type Ref = { name: string } | { index: number };

export interface ParsedSql {
  /** The statement with each parameter replaced by the dialect's placeholder. */
  text: string;
  refs: Ref[];
}

/**
 * Finds the parameters of `sql`, `:name` (a path into the parameter object, `:order.id`) or `?`
 * (the next item of the parameter array), skipping string literals, quoted identifiers, comments,
 * PostgreSQL's `::` casts and dollar-quoted bodies, and writes the dialect's placeholder for each.
 * Values are only ever bound, never written into the text: a message cannot change the statement.
 * `lexis` says how the dialect writes literals (SQL Server: `[quoted]` names, no backslash escapes).
 */
export function parseSql(sql: string, mark: (i: number) => string, lexis: Lexis = {}): ParsedSql {
  const backslash = lexis.backslashEscapes ?? true;
  const refs: Ref[] = [];
  let out = '';
  let i = 0;
  let positional = 0;
  const n = sql.length;
  const copyUntil = (end: number) => {
    out += sql.slice(i, end);
    i = end;
  };
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else if (sql[j] === '\\' && c === "'" && backslash) j += 2;
        else j++;
      }
      copyUntil(Math.min(n, j + 1));
    } else if (c === '[' && lexis.brackets) {
      let j = i + 1; // `]]` is a bracket inside the name
      while (j < n && !(sql[j] === ']' && sql[j + 1] !== ']')) j += sql[j] === ']' ? 2 : 1;
      copyUntil(Math.min(n, j + 1));
    } else if (c === '-' && next === '-') {
      const j = sql.indexOf('\n', i);
      copyUntil(j < 0 ? n : j);
    } else if (c === '/' && next === '*') {
      const j = sql.indexOf('*/', i + 2);
      copyUntil(j < 0 ? n : j + 2);
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0] as string;
      const j = sql.indexOf(tag, i + tag.length);
      copyUntil(j < 0 ? n : j + tag.length);
    } else if (c === ':' && next === ':') {
      copyUntil(i + 2);
    } else if (c === ':' && next !== undefined && /[A-Za-z_]/.test(next)) {
      const m = /^:([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)/.exec(sql.slice(i)) as RegExpExecArray;
      refs.push({ name: m[1] as string });
      out += mark(refs.length);
      i += m[0].length;
    } else if (c === '?') {
      refs.push({ index: positional++ });
      out += mark(refs.length);
      i++;
    } else {
      out += c;
      i++;
    }
  }
  if (refs.some((r) => 'name' in r) && refs.some((r) => 'index' in r))
    throw new Error('use either :name or ? parameters in one statement, not both');
  return { text: out, refs };
}

/**
 * The values of `parsed`'s parameters from `source` (an object for `:name`, an array for `?`).
 * Objects and arrays are bound as JSON text. A missing value is a UserError
 * `sql_parameter_missing` (null binds NULL; undefined is a mistake, not a NULL).
 */
export function bindValues(parsed: ParsedSql, source: unknown): SqlValue[] {
  return parsed.refs.map((ref) => {
    const value = 'name' in ref ? getMsgPath(source, ref.name) : Array.isArray(source) ? source[ref.index] : undefined;
    if (value === undefined)
      throw new UserError(
        'sql_parameter_missing',
        'name' in ref
          ? `parameter :${ref.name} has no value in the parameter object`
          : `parameter ${ref.index + 1} (?) has no value: the parameters must be an array with one item per ?`,
      );
    return toSqlValue(value);
  });
}

export function toSqlValue(value: unknown): SqlValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return value;
  if (typeof value === 'boolean' || value instanceof Date || value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}
