import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { OperationalError, type FlowMessage } from '@millwright/model';
import { fileSafeId, OutboxJournal } from '@millwright/outbox';

/** Link messages waiting for one flow, at most; beyond, a message is refused with `link_queue_full`. */
export const LINK_QUEUE_LIMIT = 10_000;

/** Folder of the link journals in the data dir. */
export const LINKS_FOLDER = 'links';

/** A link message as journaled: the target node and the message, structured-clone serialized. */
interface StoredLink {
  nodeId: string;
  /** v8.serialize of the message, base64: keeps Buffers, Dates, Maps as a link between flows does. */
  msg: string;
}

/** Delivers a message to the running target flow, tagged with its link id for the take report. */
export type LinkDeliver = (nodeId: string, msg: FlowMessage, linkId: string) => void;

/**
 * The durable handoff between flows (link out -> link in in another flow). Each target flow has
 * an inbox: a journal (the outbox's, in `<dataDir>/links/<flow>.journal`) of the messages sent to
 * it that it has not taken yet. A message is journaled (one fsync per batch) before its sender
 * is told it was accepted, delivered while the target runs, and leaves the journal once the
 * target flow has taken it (its take receipt settled in the target's host). When the target is
 * starting, restarting after a crash or redeployed, messages wait; when it runs again everything
 * not taken is delivered again, oldest first. After a kill -9 of the runtime the journals are read
 * back. At least once: a message taken just before a crash may come again.
 */
export class LinkInboxes {
  private readonly inboxes = new Map<string, LinkInbox>();

  constructor(
    private readonly dir: string | undefined,
    private readonly refuse: (flowId: string, nodeId: string, msg: FlowMessage, error: OperationalError) => void,
  ) {}

  /**
   * Takes a link message for `flowId`. `accepted` runs once it is durable (or refused: the refusal
   * is reported as an error event), so the sender's source may acknowledge.
   */
  accept(flowId: string, nodeId: string, msg: FlowMessage, accepted?: () => void): void {
    this.inbox(flowId).accept(nodeId, msg, accepted);
  }

  /** The target runs: deliver everything it has not been given since it (re)started, in order. */
  open(flowId: string, deliver: LinkDeliver): void {
    this.inbox(flowId).open(deliver);
  }

  /**
   * The target stops taking messages for now. `lost`: its host is gone or restarts (what it was
   * given and did not take comes again); otherwise it updates in place and keeps what it has.
   */
  pause(flowId: string, lost: boolean): void {
    this.inboxes.get(flowId)?.pause(lost);
  }

  /** The target flow took these messages. */
  taken(flowId: string, linkIds: readonly string[]): void {
    this.inboxes.get(flowId)?.taken(linkIds);
  }

  /** Messages waiting for `flowId` (journaled, not taken yet). */
  depth(flowId: string): number {
    return this.inboxes.get(flowId)?.depth ?? 0;
  }

  /** The flow was removed: what waited for it is dropped with its journal. Returns how many. */
  drop(flowId: string): number {
    const inbox = this.inboxes.get(flowId);
    if (!inbox) return 0;
    this.inboxes.delete(flowId);
    return inbox.destroy();
  }

  close(): void {
    for (const inbox of this.inboxes.values()) inbox.close();
    this.inboxes.clear();
  }

  private inbox(flowId: string): LinkInbox {
    let inbox = this.inboxes.get(flowId);
    if (!inbox) {
      const file = this.dir ? join(this.dir, `${fileSafeId(flowId)}.journal`) : undefined;
      inbox = new LinkInbox(flowId, OutboxJournal.open<StoredLink>(file), (nodeId, msg, error) =>
        this.refuse(flowId, nodeId, msg, error),
      );
      this.inboxes.set(flowId, inbox);
    }
    return inbox;
  }
}

class LinkInbox {
  private deliver: LinkDeliver | undefined;
  /** Links given to the target since it last (re)started, not taken yet. */
  private readonly given = new Set<string>();
  private batch: Array<{ id: string; link: StoredLink; accepted: (() => void) | undefined }> = [];
  private acks: string[] = [];
  private flushing = false;
  private readonly prefix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}-`;
  private seq = 0;

  constructor(
    readonly flowId: string,
    private readonly journal: OutboxJournal<StoredLink>,
    private readonly refuse: (nodeId: string, msg: FlowMessage, error: OperationalError) => void,
  ) {}

  get depth(): number {
    return this.journal.depth + this.batch.length;
  }

  accept(nodeId: string, msg: FlowMessage, accepted: (() => void) | undefined): void {
    if (this.depth >= LINK_QUEUE_LIMIT) {
      this.refuse(
        nodeId,
        msg,
        new OperationalError(
          'link_queue_full',
          `${this.depth} link messages already wait for flow "${this.flowId}"; message refused`,
        ),
      );
      accepted?.();
      return;
    }
    const link = { nodeId, msg: serialize(msg).toString('base64') };
    this.batch.push({ id: this.prefix + (this.seq++).toString(36), link, accepted });
    this.schedule();
  }

  open(deliver: LinkDeliver): void {
    this.deliver = deliver;
    for (const entry of this.journal.pending()) this.give(entry.id, entry.request);
  }

  pause(lost: boolean): void {
    this.deliver = undefined;
    if (lost) this.given.clear();
  }

  taken(ids: readonly string[]): void {
    for (const id of ids) {
      this.given.delete(id);
      this.acks.push(id);
    }
    this.schedule();
  }

  destroy(): number {
    const dropped = this.depth;
    // Accepted this turn for a flow that is now gone: the senders are told it is refused.
    for (const b of this.batch) {
      this.refuse(
        b.link.nodeId,
        deserialize(Buffer.from(b.link.msg, 'base64')) as FlowMessage,
        new OperationalError('link_target_missing', `flow "${this.flowId}" was removed`),
      );
      b.accepted?.();
    }
    this.batch = [];
    const file = this.journal.file;
    this.journal.close();
    if (file) removeQuietly(file);
    return dropped;
  }

  close(): void {
    this.flush();
    this.journal.close();
  }

  private schedule(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  /** One write and one fsync for the messages accepted in this turn; acks ride along unsynced. */
  private flush(): void {
    this.flushing = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length) {
      try {
        this.journal.enqueue(batch.map((b) => ({ id: b.id, idempotencyKey: b.id, request: b.link })));
      } catch (err) {
        // Disk full or closed: nothing of this batch is accepted; each sender hears it.
        const error = new OperationalError(
          'link_journal_failed',
          `link message to flow "${this.flowId}" not accepted: ${(err as Error).message}`,
          err,
        );
        for (const b of batch) {
          this.refuse(b.link.nodeId, deserialize(Buffer.from(b.link.msg, 'base64')) as FlowMessage, error);
          b.accepted?.();
        }
        return;
      }
      for (const b of batch) b.accepted?.();
      if (this.deliver) for (const b of batch) this.give(b.id, b.link);
    }
    if (this.acks.length) {
      const acks = [...new Set(this.acks)];
      this.acks = [];
      try {
        this.journal.ackAll(acks);
      } catch {
        // An ack that could not be written delivers its message again after a restart: at least once.
      }
    }
  }

  private give(id: string, link: StoredLink): void {
    if (!this.deliver || this.given.has(id)) return;
    this.given.add(id);
    this.deliver(link.nodeId, deserialize(Buffer.from(link.msg, 'base64')) as FlowMessage, id);
  }
}

function removeQuietly(file: string): void {
  try {
    // Synchronous: a removed flow's journal must be gone before the same id could deploy again.
    rmSync(file, { force: true });
  } catch {
    // a leftover file is replayed to nobody: its flow is not deployed
  }
}
