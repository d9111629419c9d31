import { serializeError, type FlowMessage, type NodeStatus, type SerializedError } from '@millwright/model';
import { copyMessage, createMessage } from '../message-id.js';
import { SUBFLOW_ID_SEPARATOR } from '@millwright/model/subflows';
import { shareReceipt } from './take-receipt.js';
import type { FlowServices, FlowSignalSource, SignalScope } from '../node-context.js';
import type { EngineHost } from './engine-host.js';
import type { NodeInstance } from './node-instance.js';

/** A message bouncing between a failing node and its catch node is dropped after this many rounds. */
const MAX_ERROR_DEPTH = 10;

type ErrorHandler = Parameters<FlowServices['onError']>[1];
type StatusHandler = Parameters<FlowServices['onStatus']>[1];
interface Subscription<H> {
  owner: string;
  scope: SignalScope;
  handler: H;
}

/**
 * Carries one flow's errors and status: to the catch and status nodes subscribed to them
 * (`ctx.flow.onError` / `onStatus`) and to the host as `error` and `status` events.
 * Subscriptions belong to the node that made them and go when it closes (`unsubscribe`).
 * @internal
 */
export class SignalBus {
  private errorSubs: Subscription<ErrorHandler>[] = [];
  private statusSubs: Subscription<StatusHandler>[] = [];

  constructor(
    private readonly host: Pick<EngineHost, 'flowId' | 'emit'>,
    /** Whether the flow runs a node with this id (a subflow instance with a status port has one). */
    private readonly runs: (nodeId: string) => boolean = () => false,
  ) {}

  /** Subscribes catch node `owner` to errors of the nodes in `scope`. */
  onError(owner: string, scope: SignalScope, handler: ErrorHandler): void {
    this.errorSubs.push({ owner, scope, handler });
  }

  /** Subscribes status node `owner` to status changes of the nodes in `scope`. */
  onStatus(owner: string, scope: SignalScope, handler: StatusHandler): void {
    this.statusSubs.push({ owner, scope, handler });
  }

  /** Drops every subscription of a node (it is closing). */
  unsubscribe(owner: string): void {
    this.errorSubs = this.errorSubs.filter((s) => s.owner !== owner);
    this.statusSubs = this.statusSubs.filter((s) => s.owner !== owner);
  }

  /** Drops every subscription (the engine stopped). */
  clear(): void {
    this.errorSubs = [];
    this.statusSubs = [];
  }

  /**
   * Reports an error raised by `inst` while handling `msg`: to the catch nodes scoped to it, or
   * failing those to the `uncaughtOnly` ones, each with its own copy of the message, then to the
   * host as an `error` event that says whether a catch node got it. Never throws.
   */
  error(inst: NodeInstance, err: unknown, msg: FlowMessage | undefined): void {
    inst.stats.errors++;
    const error = serializeError(err);
    error.nodeId = inst.id;
    error.nodeType = inst.def.type;
    if (inst.node.name) error.nodeName = inst.node.name;
    const depth = (msg?.error as (SerializedError & { depth?: number }) | undefined)?.depth ?? 0;
    let caught = false;
    if (depth < MAX_ERROR_DEPTH && !inst.isConfig) {
      const source = sourceOf(inst);
      for (const sub of this.catchersOf(inst.id)) {
        caught = true;
        try {
          let copy: FlowMessage;
          try {
            copy = msg ? copyMessage(msg) : createMessage();
            if (msg) shareReceipt(msg, copy);
          } catch {
            copy = createMessage({ payload: msg?.payload === undefined ? undefined : String(msg.payload) });
          }
          const copyError = { ...error, depth: depth + 1, source: { ...source, count: depth + 1 } };
          copy.error = copyError;
          sub.handler(copyError, copy, source);
        } catch (handlerErr) {
          this.host.emit({
            type: 'log',
            time: Date.now(),
            level: 'error',
            flowId: this.host.flowId,
            nodeId: sub.owner,
            message: `catch handler failed: ${String(handlerErr)}`,
          });
        }
      }
    }
    this.host.emit({
      type: 'error',
      time: Date.now(),
      flowId: this.host.flowId,
      nodeId: inst.id,
      nodeType: inst.def.type,
      ...(inst.node.name ? { nodeName: inst.node.name } : {}),
      ...(msg ? { msgId: msg.id } : {}),
      error,
      caught,
    });
  }

  /**
   * The catch nodes an error of node `nodeId` goes to: those of the node's own level (its
   * subflow instance, or the flow), scoped to it, the `uncaughtOnly` ones only when no other
   * takes it. When none at that level does, the instance around the node raises it one level up,
   * as Node-RED does: a catch inside a subflow first, then the flow's catch nodes scoped to the
   * instance. Scope lists name nodes as their level knows them (the definition's ids).
   */
  private catchersOf(nodeId: string): Subscription<ErrorHandler>[] {
    let subject = nodeId;
    for (;;) {
      const level = levelOf(subject);
      const here = this.errorSubs.filter(
        (s) => s.owner !== nodeId && levelOf(s.owner) === level && inScope(s.scope, relativeTo(level, subject)),
      );
      const first = here.filter((s) => !s.scope.uncaughtOnly);
      const targets = first.length ? first : here.filter((s) => s.scope.uncaughtOnly);
      if (targets.length || level === '') return targets;
      subject = level;
    }
  }

  /** Reports a node's status to the host, then to the status nodes in scope. Never throws. */
  status(inst: NodeInstance, status: NodeStatus | null): void {
    this.host.emit({ type: 'status', time: Date.now(), flowId: this.host.flowId, nodeId: inst.id, status });
    const source = sourceOf(inst);
    // Status nodes of the node's own level first (inside a subflow: the subflow's). As in Node-RED,
    // when none takes it and the instance has no status port, the instance reports it one level up.
    let subject = inst.id;
    for (;;) {
      const level = levelOf(subject);
      const id = relativeTo(level, subject);
      let handled = false;
      for (const sub of this.statusSubs) {
        if (sub.owner === inst.id || levelOf(sub.owner) !== level || !inScope(sub.scope, id)) continue;
        handled = true;
        try {
          sub.handler(status, source);
        } catch {
          // a status node must never break the node reporting status
        }
      }
      if (handled || level === '' || this.runs(level)) return;
      subject = level;
    }
  }
}

function sourceOf(inst: NodeInstance): FlowSignalSource {
  return { id: inst.id, type: inst.def.type, ...(inst.node.name ? { name: inst.node.name } : {}) };
}

function inScope(scope: SignalScope, nodeId: string): boolean {
  return !scope.nodes || scope.nodes.length === 0 || scope.nodes.includes(nodeId);
}

/** The subflow instance a node runs in (`a/b` for `a/b/c`), or '' for a node of the flow itself. */
function levelOf(nodeId: string): string {
  const at = nodeId.lastIndexOf(SUBFLOW_ID_SEPARATOR);
  return at < 0 ? '' : nodeId.slice(0, at);
}

/** A node's id as its level names it: the definition's id inside an instance. */
function relativeTo(level: string, nodeId: string): string {
  return level ? nodeId.slice(level.length + 1) : nodeId;
}
