/**
 * Shared by the OPC UA integration tests: a simulated PLC in a temp folder and flows that use it.
 * @internal
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigNode, Flow, FlowNode, Wire } from '@millwright/model';
import { copyTestPki, startSimPlc, type SimPlc, type SimPlcOptions } from '@millwright/sim-plc';

export interface PlcFixture {
  plc: SimPlc;
  /** Temp folder holding the PKI folders of server and client. */
  dir: string;
  /** Stops the PLC and starts it again on the same port with the same certificate. */
  restart(pause?: number): Promise<SimPlc>;
  close(): Promise<void>;
}

export async function startPlcFixture(options: SimPlcOptions = {}): Promise<PlcFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'millwright-opcua-test-'));
  const pki = await copyTestPki(dir);
  // minSupportedSampleRate 0: items sampled at 0 get every change, so tests can count them exactly.
  const opts = { simulate: false, seed: 1, minSupportedSampleRate: 0, ...options, pkiFolder: pki.plc };
  const fixture: PlcFixture = {
    plc: await startSimPlc(opts),
    dir,
    async restart(pause = 0) {
      const port = fixture.plc.port;
      await fixture.plc.stop();
      if (pause) await new Promise((r) => setTimeout(r, pause));
      fixture.plc = await startSimPlc({ ...opts, port });
      return fixture.plc;
    },
    async close() {
      await fixture.plc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** An opcua-endpoint config node for the fixture's PLC. */
export function endpointNode(fixture: PlcFixture, config: Record<string, unknown> = {}, id = 'plc'): ConfigNode {
  return {
    id,
    type: 'opcua-endpoint',
    typeVersion: 1,
    config: {
      endpointUrl: fixture.plc.endpointUrl,
      pkiFolder: join(fixture.dir, 'client'),
      trustUnknownServerCertificates: true,
      reconnectMaxDelayMs: 500,
      requestTimeoutMs: 3_000,
      ...config,
    },
  };
}

/** A flow of `nodes` (positions filled in) wired in order, with the given config nodes. */
export function flowOf(
  nodes: Array<Omit<FlowNode, 'position' | 'typeVersion'>>,
  configs: ConfigNode[],
  wires: Wire[] = [],
): Flow {
  return {
    version: 1,
    id: 'opcua-test',
    name: 'opcua test',
    nodes: nodes.map((n, i) => ({ typeVersion: 1, position: { x: i * 100, y: 0 }, ...n })),
    wires,
    configs,
  };
}

/** Resolves once `check()` is true; rejects with `what` after `timeoutMs`. Polls every 20 ms. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
