import { attachReceipt, newReceipt, releaseReceipt, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { dbOf, mirrorDbStatus } from '../db/db-node.js';
import { toSqlValue } from '../db/parameters.js';
import type { SqlPollConfig } from './config.js';

/** Node context key of the last watermark handed over. */
export const WATERMARK_KEY = 'watermark';

/**
 * Polls `SELECT * FROM table WHERE watermark > :last ORDER BY watermark LIMIT batchSize`. One
 * batch is in the flow at a time; the watermark moves (node context) only when the flow has taken
 * it (take receipt), and the next batch is read only once the new watermark is written (a file
 * context store). A crash before the take hands the same rows over again; a crash between the
 * take and the write, that one batch too; a crash after, nothing.
 */
export function createSqlPoll(ctx: NodeContext<SqlPollConfig>): NodeHandlers {
  const cfg = ctx.config;
  const db = dbOf(ctx, cfg[cfg.database]);
  const unmirror = mirrorDbStatus(ctx, db);
  const wm = db.quote(cfg.watermark);
  const table = db.quote(cfg.table);
  const select =
    db.pollSql?.(cfg.table, cfg.watermark, cfg.batchSize, true) ??
    `SELECT * FROM ${table} WHERE ${wm} > ${db.mark(1)} ORDER BY ${wm} LIMIT ${cfg.batchSize}`;
  const selectAll =
    db.pollSql?.(cfg.table, cfg.watermark, cfg.batchSize, false) ??
    `SELECT * FROM ${table} ORDER BY ${wm} LIMIT ${cfg.batchSize}`;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let closing!: () => void;
  const whenClosed = new Promise<false>((r) => (closing = () => r(false)));

  const stored = (): unknown => ctx.context.node.get(WATERMARK_KEY);

  const poll = async (): Promise<void> => {
    timer = undefined;
    let more = false;
    try {
      let last = stored();
      if (last === undefined && cfg.start === 'now') {
        const r = await db.query(`SELECT MAX(${wm}) AS m FROM ${table}`, []);
        last = r.rows[0]?.['m'] ?? null;
        ctx.context.node.set(WATERMARK_KEY, jsonable(last));
      }
      const r =
        last === undefined || last === null
          ? await db.query(selectAll, [])
          : await db.query(select, [toSqlValue(last)]);
      if (r.rows.length > 0 && !closed) {
        await Promise.race([ctx.flow.whenWritable(), whenClosed]);
        if (closed) return;
        const next = jsonable(r.rows.at(-1)?.[cfg.watermark]);
        let settle!: (taken: boolean) => void;
        const taken = new Promise<boolean>((res) => (settle = res));
        const receipt = newReceipt(
          () => settle(true),
          () => settle(false),
        );
        ctx.send(attachReceipt(ctx.newMessage({ payload: r.rows, topic: cfg.table, watermark: next }), receipt));
        releaseReceipt(receipt);
        const wasTaken = await Promise.race([taken, whenClosed]);
        if (closed) return;
        // Dropped unfinished (a node after this one restarted by a deploy): read it again.
        if (wasTaken) {
          ctx.context.node.set(WATERMARK_KEY, next);
          // The next batch waits until this watermark is on disk: a kill -9 then repeats at most
          // the one batch taken while it was written.
          await ctx.context.node.persisted?.();
        }
        more = wasTaken && r.rows.length === cfg.batchSize;
      }
    } catch (err) {
      ctx.error(err);
    }
    if (!closed) timer = setTimeout(() => void poll(), more ? 0 : cfg.intervalMs);
  };
  timer = setTimeout(() => void poll(), 0);
  return {
    close() {
      closed = true;
      closing();
      if (timer) clearTimeout(timer);
      unmirror();
    },
  };
}

/** A watermark as JSON keeps it (context files are JSON): bigint ids as text, dates as ISO text. */
function jsonable(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  return v ?? null;
}
