import type { ConnectionStatus } from '@millwright/sdk';

export type SqlValue = string | number | bigint | boolean | null | Date | Uint8Array;
export type Row = Record<string, unknown>;

export interface QueryResult {
  rows: Row[];
  /** Rows changed by an INSERT, UPDATE or DELETE; rows returned by a SELECT. */
  rowCount: number;
}

/** Runs statements written with this dialect's placeholders (see {@link SqlDb.mark}). */
export interface Querier {
  query(sql: string, params: readonly SqlValue[]): Promise<QueryResult>;
}

/**
 * What a database config node gives the sql-* nodes (`ctx.configNode(id)`): a pool of
 * connections to one database, and the few places where SQL dialects differ.
 */
export interface SqlDb extends Querier {
  readonly kind: 'postgres' | 'mysql' | 'sqlite' | 'mssql';
  /** What it connects to, without the password, for health and errors. */
  readonly target: string;
  /** Runs `fn` on one connection inside BEGIN/COMMIT; any error rolls back and is rethrown. */
  transaction<T>(fn: (q: Querier) => Promise<T>): Promise<T>;
  /** A checked identifier (`table`, `schema.table`) quoted for this dialect. */
  quote(identifier: string): string;
  /** The placeholder of the `i`-th parameter (from 1): `$1` (PostgreSQL) or `?`. */
  mark(i: number): string;
  /** Most bound parameters one statement may carry. */
  readonly maxParams: number;
  /** Most rows one INSERT's VALUES list may hold (SQL Server: 1,000); unset: no limit of its own. */
  readonly maxRowsPerStatement?: number;
  /** INSERT ... upsert clause: update (or ignore) on a conflict of `key`. */
  insertSql(table: string, columns: readonly string[], rows: number, conflict: Conflict): string;
  /** sql-poll's read (next `batchSize` rows above the watermark `mark(1)`); unset: `LIMIT`. */
  pollSql?(table: string, watermark: string, batchSize: number, after: boolean): string;
  status(): ConnectionStatus;
  onStatus(listener: (s: ConnectionStatus) => void): () => void;
  close(): Promise<void>;
}

export interface Conflict {
  action: 'error' | 'update' | 'ignore';
  key: readonly string[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Splits `schema.table` and checks each part is a plain identifier (no quoting tricks). */
export function identifierParts(identifier: string): string[] {
  const parts = identifier.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p)))
    throw new Error(`"${identifier}" is not a plain identifier (letters, digits, _ and $; schema.table)`);
  return parts;
}

export const identifierProblem = (v: string): string | undefined => {
  try {
    identifierParts(v);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

/** Keeps the listeners of a connection's status and tells them each change. */
export class StatusHub {
  private current: ConnectionStatus = { state: 'connecting' };
  private readonly listeners = new Set<(s: ConnectionStatus) => void>();
  get(): ConnectionStatus {
    return this.current;
  }
  set(s: ConnectionStatus): void {
    if (s.state === this.current.state && s.message === this.current.message) return;
    this.current = s;
    for (const l of [...this.listeners]) l(s);
  }
  on(listener: (s: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }
}

/** `?, ?, ?` rows for a multi-row VALUES list. */
export function valuesList(columns: number, rows: number, mark: (i: number) => string): string {
  const out: string[] = [];
  let i = 0;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(mark(++i));
    out.push(`(${row.join(', ')})`);
  }
  return out.join(', ');
}
