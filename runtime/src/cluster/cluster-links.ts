import { deserialize, serialize } from 'node:v8';
import type { FlowMessage } from '@millwright/model';
import {
  AckPolicy,
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

/** Link messages waiting in the cluster for one flow, at most (the stream refuses more: `link_queue_full`). */
export const CLUSTER_LINK_LIMIT = 100_000;
/** A link message given to a flow and not taken within this time goes to a runtime again. */
const ACK_WAIT_MS = 10_000;

/** Delivers a link message to a flow running here; `linkId` comes back through `taken`. */
export type ClusterLinkDeliver = (flowId: string, nodeId: string, msg: FlowMessage, linkId: string) => boolean;

/**
 * Link messages between flows that run on different runtimes of a cluster, through a JetStream
 * stream with work-queue retention (`MW_<name>_LINKS`, one subject per target flow). The sender's
 * message counts as sent once JetStream stored it (its publish acknowledgement, replicated); each
 * runtime running a target flow consumes its subject (one durable consumer per flow, shared by the
 * runtimes of an `all` flow) and acknowledges a message once the flow has taken it. A runtime that
 * dies with messages given but not taken: JetStream gives them to the flow's next runtime after
 * the ack wait (10 s). At least once, in order per target flow as long as one runtime consumes it.
 */
export class ClusterLinks {
  private readonly consuming = new Map<string, ConsumerMessages>();
  private readonly given = new Map<string, JsMsg>();
  private seq = 0;

  private constructor(
    private readonly name: string,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly log: Logger,
  ) {}

  static async open(nc: NatsConnection, name: string, replicas: number, log: Logger): Promise<ClusterLinks> {
    const jsm = await jetstreamManager(nc);
    const stream = streamOf(name);
    const config = {
      name: stream,
      subjects: [`mw.${name}.links.>`],
      retention: RetentionPolicy.Workqueue,
      num_replicas: replicas,
      max_msgs_per_subject: CLUSTER_LINK_LIMIT,
      discard: DiscardPolicy.New,
    };
    await jsm.streams.add(config).catch(async (err: unknown) => {
      // Already there (another runtime made it): fine if it is ours.
      await jsm.streams.info(stream).catch(() => {
        throw err;
      });
    });
    return new ClusterLinks(name, jetstream(nc), jsm, log);
  }

  /** Stores a link message for `flowId` in the cluster; resolves once JetStream has it. */
  async publish(flowId: string, nodeId: string, msg: FlowMessage): Promise<void> {
    await this.js.publish(subjectOf(this.name, flowId), serialize({ nodeId, msg }));
  }

  /**
   * Consumes the link messages of exactly the flows in `flowIds` (those running here that other
   * runtimes may link to); stops consuming the others. Messages of a flow that is not running at
   * the moment are given back (nak) to come again shortly.
   */
  async sync(flowIds: readonly string[], deliver: ClusterLinkDeliver): Promise<void> {
    const wanted = new Set(flowIds);
    for (const [flowId, messages] of [...this.consuming])
      if (!wanted.has(flowId)) {
        this.consuming.delete(flowId);
        await messages.close().catch(() => undefined);
      }
    for (const flowId of wanted) {
      if (this.consuming.has(flowId)) continue;
      const durable = `flow_${Buffer.from(flowId).toString('hex').slice(0, 200)}`;
      await this.jsm.consumers
        .add(streamOf(this.name), {
          durable_name: durable,
          filter_subject: subjectOf(this.name, flowId),
          ack_policy: AckPolicy.Explicit,
          ack_wait: ACK_WAIT_MS * 1_000_000,
          max_ack_pending: 1_000,
        })
        .catch(() => undefined); // exists already: shared with the flow's other runtimes
      const consumer = await this.js.consumers.get(streamOf(this.name), durable);
      const messages = await consumer.consume({ max_messages: 256 });
      this.consuming.set(flowId, messages);
      void (async () => {
        for await (const m of messages) {
          let link: { nodeId: string; msg: FlowMessage };
          try {
            link = deserialize(m.data) as { nodeId: string; msg: FlowMessage };
          } catch (err) {
            this.log.error({ err, flowId }, 'cluster: unreadable link message dropped');
            m.term();
            continue;
          }
          const linkId = `js:${++this.seq}`;
          this.given.set(linkId, m);
          if (!deliver(flowId, link.nodeId, link.msg, linkId)) {
            this.given.delete(linkId);
            m.nak(500);
          }
        }
      })().catch((err: unknown) => this.log.warn({ err, flowId }, 'cluster: link consumer ended'));
    }
  }

  /** The flow took these link messages: acknowledged, they leave the stream. */
  taken(linkIds: readonly string[]): void {
    for (const id of linkIds) {
      const m = this.given.get(id);
      if (!m) continue;
      this.given.delete(id);
      m.ack();
    }
  }

  async close(): Promise<void> {
    for (const messages of this.consuming.values()) await messages.close().catch(() => undefined);
    this.consuming.clear();
    this.given.clear();
  }
}

const streamOf = (name: string) => `MW_${name.replace(/[^A-Za-z0-9_-]/g, '_')}_LINKS`;
/** One subject token per flow: hex keeps any flow id a single valid token. */
const subjectOf = (name: string, flowId: string) => `mw.${name}.links.${Buffer.from(flowId).toString('hex')}`;

export const isClusterLinkId = (id: string): boolean => id.startsWith('js:');
