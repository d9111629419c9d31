import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageSecurityMode, nodesets, OPCUACertificateManager, OPCUAServer, SecurityPolicy } from 'node-opcua';
import { buildAddressSpace } from './address-space.js';
import type { ModbusSlave } from './modbus-slave.js';
import { LineModel, type LineSnapshot, type MachineProfile, type MachineState, type ReasonCode } from './line-model.js';

export interface SimPlcOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on and to put in the endpoint URL. Default 127.0.0.1. */
  host?: string;
  /** PRNG seed; the same seed and the same calls give the same values. Default 1. */
  seed?: number;
  /** Simulation step in wall-clock ms. Default 100. */
  tickMs?: number;
  /** Simulated seconds per wall-clock second (demo speed-up). Default 1. */
  timeScale?: number;
  /** False freezes the simulation: values change only through setState or client writes. Default true. */
  simulate?: boolean;
  machines?: readonly MachineProfile[];
  /** Initial work order. Default `WO-1000`. */
  workOrder?: string;
  /**
   * PKI folder (certificates, trust lists). Default: a fresh temp folder, deleted by stop(). Pass a
   * folder to keep the server certificate across restarts, as a real PLC does.
   */
  pkiFolder?: string;
  /** Accounts for user/password logins. Anonymous logins are accepted unless `allowAnonymous` is false. */
  users?: ReadonlyArray<{ username: string; password: string }>;
  allowAnonymous?: boolean;
  /**
   * Fastest sampling the server advertises (ms). With 0, a monitored item asking for sampling
   * interval 0 gets every change; node-opcua's default (50) folds changes inside that window into
   * one. The latency benchmark sets 0.
   */
  minSupportedSampleRate?: number;
  /**
   * Also serve the same machines as a Modbus TCP slave on this port (0: a free one); see
   * `MODBUS_MAP` and docs/modbus.md. Undefined (the default): no Modbus slave.
   */
  modbusPort?: number;
}

/** A change applied at once (not at the next tick) and pushed to the OPC UA variables. */
export interface SimPlcStatePatch {
  workOrder?: string;
  /** Machine the fields below apply to; default the first one. */
  machine?: string;
  /** Holds the machine in a state until `'auto'` releases it. */
  state?: MachineState | 'auto';
  reasonCode?: ReasonCode;
  temperatureSetpoint?: number;
  goodCount?: number;
  rejectCount?: number;
}

export interface SimPlc {
  /** `opc.tcp://<host>:<port>` */
  readonly endpointUrl: string;
  readonly port: number;
  /** URI of the namespace holding the line (index 1, the server's own namespace). */
  readonly namespaceUri: string;
  setState(patch: SimPlcStatePatch): void;
  snapshot(): LineSnapshot;
  /**
   * Values client Write requests asked the server to write (one per WriteValue, counted as the
   * request arrives), so a test can tell whether a client wrote once or twice.
   */
  writeCount(): number;
  /** The Modbus TCP slave showing the same machines, when `modbusPort` was given. */
  readonly modbus: ModbusSlave | undefined;
  /** Stops the timer, shuts the server down (about 1 s) and deletes a temp PKI folder. Idempotent. */
  stop(): Promise<void>;
}

/** Application URI of the server, also the URI of its own namespace (index 1). */
export const APPLICATION_URI = 'urn:millwright:sim-plc';

/**
 * Starts the simulated PLC: a node-opcua server with SecurityMode None (plus Sign and
 * SignAndEncrypt with Basic256Sha256) exposing `Line1` (see the package README for the address
 * space). Resolves once the server listens; rejects if the port is taken.
 *
 * @example
 * const plc = await startSimPlc({ seed: 7 });
 * // ... connect to plc.endpointUrl, read ns=1;s=Line1.Machine1.GoodCount
 * await plc.stop();
 */
export async function startSimPlc(options: SimPlcOptions = {}): Promise<SimPlc> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const ownPki = options.pkiFolder === undefined;
  const pkiRoot = options.pkiFolder ?? (await mkdtemp(join(tmpdir(), 'millwright-sim-plc-')));
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: join(pkiRoot, 'server'),
    automaticallyAcceptUnknownCertificate: true,
  });
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: join(pkiRoot, 'user'),
    automaticallyAcceptUnknownCertificate: true,
  });
  const users = options.users ?? [];
  const server = new OPCUAServer({
    port,
    host,
    hostname: host,
    serverCertificateManager,
    userCertificateManager,
    nodeset_filename: [nodesets.standard],
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: options.allowAnonymous ?? true,
    userManager: {
      isValidUser: (username: string, password: string) =>
        users.some((u) => u.username === username && u.password === password),
    },
    // node-opcua allows 10 sessions. The demo opens one per flow that talks to the PLC (four per
    // runtime), and a runtime killed with -9 leaves its sessions until they time out (60 s): a
    // restart or a cluster of runtimes then met BadTooManySessions. Real PLCs allow 10 to 100s.
    maxConnectionsPerEndpoint: 64,
    serverCapabilities: {
      maxSessions: 64,
      ...(options.minSupportedSampleRate !== undefined
        ? { minSupportedSampleRate: options.minSupportedSampleRate }
        : {}),
    },
    buildInfo: { productName: 'Millwright simulated PLC', manufacturerName: 'Millwright' },
    serverInfo: { applicationUri: APPLICATION_URI, productUri: APPLICATION_URI },
  });

  const model = new LineModel({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.machines ? { machines: options.machines } : {}),
    ...(options.workOrder !== undefined ? { workOrder: options.workOrder } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  let writes = 0;
  server.on('request', (request: { schema?: { name?: string }; nodesToWrite?: unknown[] | null }) => {
    if (request.schema?.name === 'WriteRequest') writes += request.nodesToWrite?.length ?? 0;
  });
  let stopped: Promise<void> | undefined;
  let modbus: ModbusSlave | undefined;
  const cleanup = async () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    await modbus?.stop();
    await server.shutdown(0).catch(() => undefined);
    if (ownPki) await rm(pkiRoot, { recursive: true, force: true });
  };
  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('OPC UA server has no address space after initialize()');
    const namespace = addressSpace.getOwnNamespace();
    const namespaceUri = namespace.namespaceUri;
    const space = buildAddressSpace({ namespace, objectsFolder: addressSpace.rootFolder.objects, model });
    await server.start();
    if (options.modbusPort !== undefined) {
      const { startModbusSlave } = await import('./modbus-slave.js');
      modbus = await startModbusSlave({
        model,
        host,
        port: options.modbusPort,
        onChange: () => space.publish(model.snapshot()),
      });
    }

    const tickMs = options.tickMs ?? 100;
    const dt = (tickMs / 1000) * (options.timeScale ?? 1);
    if (options.simulate ?? true) {
      timer = setInterval(() => {
        model.tick(dt);
        space.publish(model.snapshot());
      }, tickMs);
      timer.unref();
    }

    return {
      endpointUrl: `opc.tcp://${host}:${port}`,
      port,
      namespaceUri: namespaceUri,
      snapshot: () => model.snapshot(),
      writeCount: () => writes,
      modbus,
      setState(patch) {
        const machine = patch.machine ?? model.machineNames[0] ?? '';
        if (patch.workOrder !== undefined) model.setWorkOrder(patch.workOrder);
        if (patch.state !== undefined) model.force(machine, patch.state, patch.reasonCode);
        if (patch.temperatureSetpoint !== undefined) model.setTemperatureSetpoint(machine, patch.temperatureSetpoint);
        if (patch.goodCount !== undefined || patch.rejectCount !== undefined)
          model.setCounters(machine, { good: patch.goodCount, reject: patch.rejectCount });
        space.publish(model.snapshot());
      },
      stop() {
        stopped ??= cleanup();
        return stopped;
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** A port that was free a moment ago on `host` (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
