/**
 * Shared by the Modbus integration tests and the benchmark: the simulated slave on a free loopback
 * port with a frozen line model, and flows that use it.
 * @internal
 */
import type { ConfigNode, Flow, FlowNode, Wire } from '@millwright/model';
import { DEFAULT_OUTBOUND_DENY, type Confinement } from '@millwright/sdk';
import { LineModel, startModbusSlave, type ModbusSlave } from '@millwright/sim-plc';

/** The default outbound policy plus loopback, where the tests' slave listens. */
export const LOOPBACK: Confinement = {
  fileRoots: [],
  outbound: { allow: ['127.0.0.1'], deny: [...DEFAULT_OUTBOUND_DENY] },
};

export interface SlaveFixture {
  model: LineModel;
  slave: ModbusSlave;
  /** Stops the slave; `start()` brings it back on the same port with the same model. */
  stop(): Promise<void>;
  start(): Promise<ModbusSlave>;
}

export async function startSlaveFixture(): Promise<SlaveFixture> {
  const model = new LineModel({ seed: 1 });
  const fx: SlaveFixture = {
    model,
    slave: await startModbusSlave({ model }),
    stop: () => fx.slave.stop(),
    async start() {
      fx.slave = await startModbusSlave({ model, port: fx.slave.port });
      return fx.slave;
    },
  };
  return fx;
}

/** A modbus-client config node for the fixture's slave (fast reconnects for tests). */
export function clientNode(fx: SlaveFixture, config: Record<string, unknown> = {}, id = 'dev'): ConfigNode {
  return {
    id,
    type: 'modbus-client',
    typeVersion: 1,
    config: {
      host: '127.0.0.1',
      port: fx.slave.port,
      timeoutMs: 1_000,
      reconnectMinMs: 100,
      reconnectMaxMs: 200,
      ...config,
    },
  };
}

/** A flow of `nodes` wired as given, with the config nodes. */
export function flowOf(
  nodes: Array<Omit<FlowNode, 'position' | 'typeVersion'>>,
  configs: ConfigNode[],
  wires: Wire[] = [],
): Flow {
  return {
    version: 1,
    id: 'modbus-test',
    name: 'modbus test',
    nodes: nodes.map((n, i) => ({ typeVersion: 1, position: { x: i * 100, y: 0 }, ...n })),
    wires,
    configs,
  };
}
