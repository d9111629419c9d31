import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OutboxCommandResponse, OutboxEntriesResponse, OutboxListResponse } from '@millwright/model';
import { applyCommands, journalPath, OUTBOX_FOLDER, OutboxJournal, outboxExtension } from '@millwright/outbox';
import { afterEach, describe, expect, it } from 'vitest';
import { serveFamilyRoutes } from '../testing/serve-family-routes.js';

let close: (() => Promise<void>) | undefined;
let dir: string | undefined;
const journals: OutboxJournal[] = [];
afterEach(async () => {
  for (const j of journals.splice(0)) j.close();
  await close?.();
  close = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The outbox routes as the runtime mounts them; `dir` is `<node data dir>/outbox`, undefined for none. */
async function serve(options: { dir: string | undefined; nodeType?: (id: string) => string | undefined }) {
  const served = await serveFamilyRoutes([outboxExtension], {
    dataDir: options.dir === undefined ? undefined : dirname(options.dir),
    ...(options.nodeType ? { nodeType: options.nodeType } : {}),
  });
  close = served.close;
  return `${served.base}/outbox`;
}

/** A journal for node `erp/1` with one pending entry and two dead letters, as erp-post leaves it. */
async function fixture() {
  dir = await mkdtemp(join(tmpdir(), 'mw-outbox-api-'));
  const outbox = join(dir, OUTBOX_FOLDER);
  const j = OutboxJournal.open(journalPath(outbox, 'erp/1'));
  journals.push(j);
  const request = { method: 'POST', url: 'http://erp/api/x', headers: {}, body: '<r/>', msg: {} };
  j.enqueue(['a', 'b', 'c'].map((id) => ({ id, idempotencyKey: `key-${id}`, request })));
  j.recordFailure('a', 2, 'HTTP 503');
  j.markDead('b', 'HTTP 400');
  j.markDead('c', 'HTTP 422');
  return { dir: outbox, journal: j };
}
const call = async <T>(url: string, method = 'GET') => {
  const res = await fetch(url, { method });
  return { status: res.status, body: (await res.json()) as T };
};

describe('outbox admin routes', () => {
  it('lists outboxes with counts and the node type of deployed nodes', async () => {
    const { dir: d } = await fixture();
    const base = await serve({ dir: d, nodeType: (id) => (id === 'erp/1' ? 'erp-post' : undefined) });
    const { body } = await call<OutboxListResponse>(base);
    expect(body).toMatchObject({
      durable: true,
      outboxes: [
        { nodeId: 'erp/1', nodeType: 'erp-post', pending: 1, dead: 2, lastError: 'HTTP 503', commandsWaiting: 0 },
      ],
    });
  });

  it('lists pending entries and dead letters with their requests and errors', async () => {
    const { dir: d } = await fixture();
    const base = await serve({ dir: d });
    const dead = await call<OutboxEntriesResponse>(`${base}/${encodeURIComponent('erp/1')}/dead`);
    expect(dead.body.entries.map((e) => [e.id, e.idempotencyKey, e.error])).toEqual([
      ['b', 'key-b', 'HTTP 400'],
      ['c', 'key-c', 'HTTP 422'],
    ]);
    expect(dead.body.entries[0]?.request).toMatchObject({ url: 'http://erp/api/x', body: '<r/>' });
    const pending = await call<OutboxEntriesResponse>(`${base}/${encodeURIComponent('erp/1')}/pending`);
    expect(pending.body.entries).toMatchObject([{ id: 'a', attempts: 2, lastError: 'HTTP 503' }]);
    expect((await call(`${base}/nope/dead`)).status).toBe(404);
    expect((await call(`${base}/${encodeURIComponent('erp/1')}/other`)).status).toBe(404);
  });

  it('hands replay and delete to the node as commands, which it applies to its journal', async () => {
    const { dir: d, journal } = await fixture();
    const base = await serve({ dir: d });
    const node = `${base}/${encodeURIComponent('erp/1')}`;
    const one = await call<OutboxCommandResponse>(`${node}/dead/b/replay`, 'POST');
    expect(one).toEqual({ status: 202, body: { op: 'replay', ids: ['b'] } });
    expect((await call<OutboxListResponse>(base)).body.outboxes[0]?.commandsWaiting).toBe(1);
    expect(applyCommands(journal, d, 'erp/1')).toEqual({ replayed: ['b'], deleted: [] });
    expect(journal.pending().map((e) => e.id)).toEqual(['a', 'b']);

    expect((await call(`${node}/dead/b/replay`, 'POST')).status).toBe(404); // no longer dead
    expect((await call(`${node}/dead/a`, 'DELETE')).status).toBe(404); // pending, not dead
    const all = await call<OutboxCommandResponse>(`${node}/dead`, 'DELETE');
    expect(all.body).toEqual({ op: 'delete', ids: ['c'] });
    applyCommands(journal, d, 'erp/1');
    expect(journal.deadLetters()).toEqual([]);
    expect((await call<OutboxCommandResponse>(`${node}/dead/replay`, 'POST')).body.ids).toEqual([]);
  });

  it('says there is nothing durable when the runtime has no node data dir', async () => {
    const base = await serve({ dir: undefined });
    expect((await call(base)).body).toEqual({ durable: false, outboxes: [] });
    const res = await call<{ code: string }>(`${base}/x/dead`);
    expect(res).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});
