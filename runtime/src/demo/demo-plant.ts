import { createServer } from 'node:net';
import { UserError } from '@millwright/model';
import type { EmbeddedBroker } from '@millwright/nodes-mqtt';
import type { SimErp, WorkOrder } from '@millwright/sim-erp';
import type { SimPlc } from '@millwright/sim-plc';
import type { SimPlm } from '@millwright/sim-plm';
import type { SimQms } from '@millwright/sim-qms';

/** The demo's simulators. */
export type DemoService = 'opcua' | 'mqtt' | 'erp' | 'plm' | 'qms' | 'modbus';

/** Ports the demo prefers; a taken one is replaced by a free port (ports given explicitly are not). */
export const DEMO_DEFAULT_PORTS = { opcua: 4840, mqtt: 1883, erp: 8090, plm: 8091, qms: 8092, modbus: 5020 } as const;

/** Environment variables that set a simulator's port for `millwright start` (its flags beat them). */
export const DEMO_PORT_ENV = {
  opcua: 'MILLWRIGHT_DEMO_OPCUA_PORT',
  mqtt: 'MILLWRIGHT_DEMO_MQTT_PORT',
  erp: 'MILLWRIGHT_DEMO_ERP_PORT',
  plm: 'MILLWRIGHT_DEMO_PLM_PORT',
  qms: 'MILLWRIGHT_DEMO_QMS_PORT',
  modbus: 'MILLWRIGHT_DEMO_MODBUS_PORT',
} as const satisfies Record<DemoService, string>;

const SERVICE_NAMES: Record<DemoService, string> = {
  opcua: 'OPC UA (sim PLC)',
  mqtt: 'MQTT broker',
  erp: 'sim ERP',
  plm: 'sim PLM',
  qms: 'sim QMS',
  modbus: 'Modbus TCP (sim PLC)',
};

/**
 * Environment variables the demo flows reference as `${env.NAME}` (host:port of each simulator),
 * the simulation speed-up the production flow reads to scale the ideal cycle time, and how long the
 * work-order flow waits for the ERP to confirm a report before sending it again (unset: 10 s; the
 * flow's tests shorten it).
 */
export const DEMO_ENV = {
  opcua: 'MILLWRIGHT_DEMO_OPCUA',
  mqtt: 'MILLWRIGHT_DEMO_MQTT',
  erp: 'MILLWRIGHT_DEMO_ERP',
  plm: 'MILLWRIGHT_DEMO_PLM',
  qms: 'MILLWRIGHT_DEMO_QMS',
  /** The sim PLC's Modbus TCP slave (same machines as its OPC UA server; docs/modbus.md). */
  modbus: 'MILLWRIGHT_DEMO_MODBUS',
  timeScale: 'MILLWRIGHT_DEMO_TIME_SCALE',
  reportAgainMs: 'MILLWRIGHT_DEMO_REPORT_AGAIN_MS',
} as const;

/** Demo work orders: small, so one completes in well under a minute at the demo speed. */
export const DEMO_WORK_ORDERS: ReadonlyArray<Pick<WorkOrder, 'material' | 'quantity'>> = [
  { material: 'PART-A', quantity: 30 },
  { material: 'PART-B', quantity: 20 },
  { material: 'PART-A', quantity: 40 },
];

/** The demo QMS releases a held lot by itself after 20 s, so the demo runs unattended. */
export const DEMO_QMS_AUTO = { afterMs: 20_000, disposition: 'release' } as const;

export interface DemoPlantOptions {
  /**
   * Ports of the simulators; 0 asks for a free port. A port given here must be free (else
   * `startDemoPlant` fails naming it); a missing one defaults to {@link DEMO_DEFAULT_PORTS},
   * replaced by a free port when taken.
   */
  ports?: Partial<Record<DemoService, number>>;
  /** Simulated seconds per wall-clock second of the PLC (default 3: Machine1 makes a part every ~0.7 s). */
  timeScale?: number;
  /** Work orders the ERP issues at start (default {@link DEMO_WORK_ORDERS}). */
  workOrders?: ReadonlyArray<Pick<WorkOrder, 'material' | 'quantity'>>;
  /** Issue a new order whenever every order has been reported, so the demo never runs dry (default true). */
  replenish?: boolean;
  /** PLC PRNG seed (default 1). */
  seed?: number;
  /** Passed to the sim PLC: 0 delivers every change to items sampled at 0 (tests). */
  minSupportedSampleRate?: number;
  /**
   * The sim QMS decides every CAPA by itself this long after it opened (default 20 s, release);
   * null: only when asked (tests decide themselves).
   */
  qmsAutoDisposition?: { afterMs: number; disposition: 'release' | 'scrap' } | null;
}

/** The running simulators of the demo plant. */
export interface DemoPlant {
  readonly plc: SimPlc;
  readonly broker: EmbeddedBroker;
  readonly erp: SimErp;
  readonly plm: SimPlm;
  readonly qms: SimQms;
  /** `opc.tcp://`, `mqtt://` and `http://` URLs, for the log and the README. */
  readonly urls: { opcua: string; mqtt: string; erp: string; plm: string; qms: string; modbus: string };
  /** The `MILLWRIGHT_DEMO_*` variables to put into `process.env` before deploying the demo flows. */
  readonly env: Record<string, string>;
  /** Stops all simulators (and the replenish timer). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the demo plant's simulators on 127.0.0.1: a sim PLC (OPC UA, and Modbus TCP for the same
 * machines), an aedes MQTT broker and a sim ERP. Each takes its default port when free, else any free port (a port given in
 * `options.ports` must be free, see {@link resolveDemoPorts}), so the flows must read the
 * addresses from {@link DemoPlant.env} (`${env.MILLWRIGHT_DEMO_OPCUA}`...). The PLC starts without
 * a work order: the line idles until the demo's work-order flow dispatches one. A sim PLM publishes
 * product revisions and a sim QMS answers quality events (both HTTP). If one simulator
 * fails to start, the ones already started are stopped and the error is rethrown.
 */
export async function startDemoPlant(options: DemoPlantOptions = {}): Promise<DemoPlant> {
  const ports = await resolveDemoPorts(options.ports);
  const timeScale = options.timeScale ?? 3;
  const started: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    // Lazy: node-opcua and aedes load only when the demo runs.
    const { startSimPlc } = await import('@millwright/sim-plc');
    const { startEmbeddedBroker } = await import('@millwright/nodes-mqtt');
    const { startSimErp, defaultWorkOrders } = await import('@millwright/sim-erp');
    const { startSimPlm } = await import('@millwright/sim-plm');
    const { startSimQms } = await import('@millwright/sim-qms');
    const plc = await startSimPlc({
      port: ports.opcua,
      timeScale,
      workOrder: '',
      seed: options.seed ?? 1,
      modbusPort: ports.modbus,
      ...(options.minSupportedSampleRate !== undefined
        ? { minSupportedSampleRate: options.minSupportedSampleRate }
        : {}),
    });
    started.push(() => plc.stop());
    const broker = await startEmbeddedBroker({ port: ports.mqtt });
    started.push(() => broker.close());
    const template = defaultWorkOrders();
    const workOrders = (options.workOrders ?? DEMO_WORK_ORDERS).map((o, i) => ({
      ...(template[i % template.length] as WorkOrder),
      id: `WO-${1001 + i}`,
      ...o,
    }));
    const erp = await startSimErp({ port: ports.erp, workOrders });
    started.push(() => erp.stop());
    const plm = await startSimPlm({ port: ports.plm });
    started.push(() => plm.stop());
    const auto = options.qmsAutoDisposition === undefined ? DEMO_QMS_AUTO : options.qmsAutoDisposition;
    const qms = await startSimQms({ port: ports.qms, ...(auto ? { autoDisposition: auto } : {}) });
    started.push(() => qms.stop());
    if (options.replenish ?? true) {
      const timer = setInterval(() => replenish(erp), 1_000);
      timer.unref();
      started.push(async () => clearInterval(timer));
    }
    let stopping: Promise<void> | undefined;
    return {
      plc,
      broker,
      erp,
      plm,
      qms,
      urls: {
        opcua: plc.endpointUrl,
        mqtt: broker.url,
        erp: erp.url,
        plm: plm.url,
        qms: qms.url,
        modbus: plc.modbus?.url ?? '',
      },
      env: {
        [DEMO_ENV.opcua]: `127.0.0.1:${plc.port}`,
        [DEMO_ENV.mqtt]: `127.0.0.1:${broker.port}`,
        [DEMO_ENV.erp]: `127.0.0.1:${erp.port}`,
        [DEMO_ENV.plm]: `127.0.0.1:${plm.port}`,
        [DEMO_ENV.qms]: `127.0.0.1:${qms.port}`,
        [DEMO_ENV.modbus]: `127.0.0.1:${plc.modbus?.port ?? 0}`,
        [DEMO_ENV.timeScale]: String(timeScale),
      },
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * Marks reported orders Completed (as a real ERP books the confirmation) and, once every order
 * is, issues the next one, alternating materials.
 */
function replenish(erp: SimErp): void {
  const reported = new Set(erp.received().flatMap((r) => r.workOrderIds));
  for (const wo of erp.workOrders) if (reported.has(wo.id)) wo.state = 'Completed';
  if (erp.workOrders.every((wo) => wo.state === 'Completed')) {
    const n = erp.workOrders.length;
    const next = DEMO_WORK_ORDERS[n % DEMO_WORK_ORDERS.length] ?? { material: 'PART-A', quantity: 30 };
    erp.issueWorkOrder({ ...next, state: 'Released' });
  }
}

/**
 * The port each simulator binds: an explicit port as given (rejects with a `UserError` naming the
 * port when it is taken on 127.0.0.1), else the default, or 0 (any free port) when the default is
 * taken. 0 always stays 0.
 */
export async function resolveDemoPorts(
  explicit: Partial<Record<DemoService, number>> = {},
  defaults: Record<DemoService, number> = DEMO_DEFAULT_PORTS,
): Promise<Record<DemoService, number>> {
  const out = { ...defaults };
  for (const service of Object.keys(SERVICE_NAMES) as DemoService[]) {
    const given = explicit[service];
    const port = given ?? defaults[service];
    if (port === 0 || (await isFree(port))) out[service] = port;
    else if (given === undefined) out[service] = 0;
    else
      throw new UserError(
        'demo_port_in_use',
        `demo plant: port ${port} for the ${SERVICE_NAMES[service]} is already in use on 127.0.0.1`,
      );
  }
  return out;
}

/** True when `port` can be bound on 127.0.0.1 right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
