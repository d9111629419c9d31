import type { FlowPressure } from './flow-pressure.js';
import { UserError, type FlowMessage } from '@millwright/model';
import { createMessage } from '../message-id.js';
import type { ContextStore, FlowServices, NodeContext, NodeOutput } from '../node-context.js';
import { toDebugValue } from '../debug-value.js';
import type { EngineHost } from './engine-host.js';
import type { NodeInstance } from './node-instance.js';
import type { SignalBus } from './signal-bus.js';
import { ChartThrottle } from './chart-throttle.js';
import { nodeEnv } from './env-substitution.js';
import { holdLeaving } from './take-receipt.js';
import { redactTarget, redactUserInfo } from '../connection-report.js';

/** What a node's context needs from its engine. @internal */
export interface NodeContextDeps {
  host: EngineHost;
  /** The flow-scoped context store, shared by the flow's nodes. */
  flowContext: ContextStore;
  /** The node-scoped context store of a node (`context.get`). */
  nodeContext(inst: NodeInstance): ContextStore;
  signals: SignalBus;
  /** Routes a node's output along its wires. */
  send(from: NodeInstance, output: NodeOutput): void;
  /** Queues a message for a node of this flow; false when the flow has no such node. */
  deliverLocal(nodeId: string, msg: FlowMessage): boolean;
  /** A node of this flow of `type` by id, else by name. */
  findLocal(idOrName: string, type: string): string | undefined;
  /** The running config node's `api`, or undefined when it is not running. */
  configApi(configId: string): unknown;
  /** The flow's back-pressure. */
  pressure: FlowPressure;
}

/**
 * Returns the function that builds each node's `NodeContext` (what its `setup()` gets) from the
 * validated config: logging, context stores, flow services, send, error, status, debug, chart,
 * config nodes and credentials, all bound to that node.
 * @internal
 */
export function createNodeContextFactory(
  deps: NodeContextDeps,
): (inst: NodeInstance, config: Record<string, unknown>) => NodeContext {
  const { host, signals } = deps;
  const flowId = host.flowId;
  return (inst, config) => {
    const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) =>
      host.emit({ type: 'log', time: Date.now(), level, flowId, nodeId: inst.id, message: String(message) });
    const services: FlowServices = {
      onError: (scope, handler) => signals.onError(inst.id, scope, handler),
      onStatus: (scope, handler) => signals.onStatus(inst.id, scope, handler),
      deliverTo: (nodeId, msg) => {
        if (deps.deliverLocal(nodeId, msg)) return;
        // Leaving the flow: the source's take receipt waits until the other side has it.
        const accepted = holdLeaving(msg);
        if (host.remoteDeliver?.(nodeId, msg, accepted)) return;
        accepted();
        signals.error(inst, new UserError('link_target_missing', `link target "${nodeId}" is not deployed`), msg);
      },
      findNode: (idOrName, type) => deps.findLocal(idOrName, type),
      whenWritable: () => deps.pressure.whenWritable(),
      writable: () => !deps.pressure.high,
    };
    const replica = host.queueReplica?.(inst.id);
    return {
      id: inst.id,
      type: inst.def.type,
      name: inst.node.name ?? '',
      flowId,
      config,
      credentials: host.credentials?.(inst.id) ?? {},
      log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      context: { node: deps.nodeContext(inst), flow: deps.flowContext, global: host.globalContext },
      flow: services,
      send: (output) => deps.send(inst, output),
      error: (err, msg) => signals.error(inst, err, msg),
      status: (status) => signals.status(inst, status),
      debug: ({ value, property, msg }) => {
        const shown = toDebugValue(value);
        host.emit({
          type: 'debug',
          time: Date.now(),
          flowId,
          nodeId: inst.id,
          ...(inst.node.name ? { nodeName: inst.node.name } : {}),
          msgId: msg.id,
          ...(typeof msg.topic === 'string' ? { topic: msg.topic } : {}),
          property,
          value: shown.value,
          ...(shown.truncated ? { truncated: true } : {}),
        });
      },
      reportConnection: ({ state, target, message, required }) => {
        // A closed node's late report (a listener firing during close) must not revive it.
        if (inst.closed && state !== 'closed') return;
        host.emit({
          type: 'connection',
          time: Date.now(),
          flowId,
          nodeId: inst.id,
          nodeType: inst.def.type,
          state,
          target: redactTarget(target),
          ...(message !== undefined ? { message: redactUserInfo(String(message)) } : {}),
          required: required ?? true,
        });
      },
      chart: (payload) => {
        if (inst.closed) return; // a closed node's throttle timer would outlive it
        inst.chart ??= new ChartThrottle({
          emit: (p, time) => host.emit({ type: 'chart', time, flowId, nodeId: inst.id, ...p }),
        });
        inst.chart.push(payload);
      },
      newMessage: (fields) => createMessage(fields),
      configNode: <T>(id: string) => deps.configApi(id) as T | undefined,
      env: nodeEnv('env' in inst.node ? inst.node.env : undefined, (name) => host.env?.(name)),
      ...(host.dataDir !== undefined ? { dataDir: host.dataDir } : {}),
      ...(host.confinement ? { confinement: host.confinement } : {}),
      ...(replica ? { queueReplica: replica } : {}),
      ...(host.respond ? { respond: (replyTo: string, response: unknown) => host.respond?.(replyTo, response) } : {}),
    };
  };
}
