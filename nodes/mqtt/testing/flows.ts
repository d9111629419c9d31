/**
 * Flow and client helpers for the MQTT integration tests.
 * @internal
 */
import type { ConfigNode, Flow, FlowNode, NodeStatus, Wire } from '@millwright/model';
import type { FlowHarness } from '@millwright/sdk';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

/** A broker under test: where it is and which protocol versions it speaks. */
export interface BrokerTarget {
  name: string;
  url: () => string;
  protocol: '3.1.1' | '5';
}

export function brokerNode(id: string, url: string, config: Record<string, unknown> = {}): ConfigNode {
  return { id, type: 'mqtt-broker', typeVersion: 1, config: { url, reconnectPeriodMs: 200, ...config } };
}

/** A flow of `nodes` (positions filled in) with the given config nodes and wires. */
export function flowOf(
  nodes: Array<Omit<FlowNode, 'position' | 'typeVersion'>>,
  configs: ConfigNode[],
  wires: Wire[] = [],
): Flow {
  return {
    version: 1,
    id: 'mqtt-test',
    name: 'mqtt test',
    nodes: nodes.map((n, i) => ({ typeVersion: 1, position: { x: i * 100, y: 0 }, ...n })),
    wires,
    configs,
  };
}

/** Resolves once `check()` is true; rejects with `what` after `timeoutMs`. Polls every 10 ms. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function lastStatus(h: FlowHarness, nodeId: string): NodeStatus | null | undefined {
  return h.statuses(nodeId).at(-1)?.status;
}

/** Waits until every mqtt-in node listed shows "subscribed" (the broker acknowledged). */
export function subscribed(h: FlowHarness, ...nodeIds: string[]): Promise<void> {
  return until(
    () => nodeIds.every((id) => /^subscribed/.test(lastStatus(h, id)?.text ?? '')),
    `${nodeIds.join(', ')} to subscribe`,
  );
}

/** A plain mqtt.js client for publishing test input or observing output. */
export function rawClient(url: string, protocol: '3.1.1' | '5', extra: IClientOptions = {}): Promise<MqttClient> {
  return connectAsync(url, { protocolVersion: protocol === '5' ? 5 : 4, reconnectPeriod: 100, ...extra });
}
