import { once } from 'node:events';
import { renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { confirmXml, readReport, type Report } from './reports.js';
import { defaultWorkOrders, scheduleXml, toOperationsRequest, type WorkOrder } from './work-orders.js';

/**
 * How the ERP behaves. `ok`: normal. `fail500`: every business route answers 500. `timeout`:
 * requests hang until the client gives up (or the mode changes). `drop-response`: a report is
 * recorded, then the connection is cut before the answer (the client cannot know it arrived).
 * `down`: the listener is closed, so connections are refused.
 */
export type SimErpMode = 'ok' | 'fail500' | 'timeout' | 'drop-response' | 'down';
export const SIM_ERP_MODES: readonly SimErpMode[] = ['ok', 'fail500', 'timeout', 'drop-response', 'down'];

export interface SimErpOptions {
  /** Default 0 (a free port). The port is kept across `down` and back. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Work orders to issue (default: three for line L1). */
  workOrders?: WorkOrder[];
  /** Also write the receipts to this JSON file after each one (atomically). */
  recordFile?: string;
  /** Largest accepted body (default 10 MB). */
  bodyLimit?: string;
}

/** What `GET /api/_received` answers. */
export interface ReceivedSummary {
  /** Accepted reports, one per idempotency key. */
  reports: Report[];
  /** Reports that repeated a known idempotency key and were answered without recording. */
  duplicates: number;
  /** Requests refused with 400 (invalid B2MML). */
  rejected: number;
}

/** A running simulated ERP. */
export interface SimErp {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly mode: SimErpMode;
  /** Changes the behaviour; to and from `down` closes or reopens the listener. */
  setMode(mode: SimErpMode): Promise<void>;
  /** Accepted reports in arrival order (a copy). */
  received(): Report[];
  /** Receipts, duplicates and rejects. */
  summary(): ReceivedSummary;
  /** The work orders it issues (live list; `issueWorkOrder` adds to it). */
  readonly workOrders: WorkOrder[];
  /** Adds a work order (id defaults to the next number) and returns it. */
  issueWorkOrder(fields?: Partial<WorkOrder>): WorkOrder;
  /** Forgets receipts and duplicates. */
  reset(): void;
  stop(): Promise<void>;
}

interface Stored {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Starts the simulated ERP: work orders down (`GET /api/work-orders`, JSON or, per order or with
 * `?format=b2mml`, B2MML ProcessOperationsSchedule), performance reports up
 * (`POST /api/production-performance`, B2MML SyncOperationsPerformance, answered with a
 * ConfirmBOD). A repeated `Idempotency-Key` gets the original answer and is counted as a
 * duplicate, not recorded again: that is how tests observe exactly-once delivery.
 * Test/demo routes: `GET /api/_received`, `POST /api/_mode` `{ mode }`, `POST /api/_reset`.
 */
export async function startSimErp(options: SimErpOptions = {}): Promise<SimErp> {
  const host = options.host ?? '127.0.0.1';
  const workOrders = options.workOrders ?? defaultWorkOrders();
  let mode: SimErpMode = 'ok';
  let reports: Report[] = [];
  let byKey = new Map<string, Stored>();
  let duplicates = 0;
  let rejected = 0;
  let stopped = false;
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const persist = () => {
    if (!options.recordFile) return;
    const tmp = `${options.recordFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ reports, duplicates, rejected } satisfies ReceivedSummary, null, 2));
    renameSync(tmp, options.recordFile);
  };

  const app = express();
  app.disable('x-powered-by');
  app.get('/api/_received', (_req, res) => {
    res.json({ reports, duplicates, rejected } satisfies ReceivedSummary);
  });
  app.post('/api/_mode', express.json(), (req: Request, res: Response) => {
    const next = (req.body as { mode?: unknown } | undefined)?.mode;
    if (!SIM_ERP_MODES.includes(next as SimErpMode)) {
      res.status(400).json({ code: 'invalid_mode', message: `mode must be one of ${SIM_ERP_MODES.join(', ')}` });
      return;
    }
    res.json({ mode: next });
    // Answer first: going down closes this very connection.
    res.on('finish', () => void erp.setMode(next as SimErpMode));
  });
  app.post('/api/_reset', (_req, res) => {
    erp.reset();
    res.json({ ok: true });
  });
  // Fault modes apply to the business routes only, so tests can always look and switch back.
  app.use('/api', (_req, res, next) => {
    if (mode === 'fail500') res.status(500).json({ code: 'erp_unavailable', message: 'simulated ERP failure' });
    else if (mode === 'timeout') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
    } else next();
  });
  app.get('/api/work-orders', (req, res) => {
    if (req.query['format'] === 'b2mml') res.type('application/xml').send(scheduleXml(workOrders));
    else res.json(workOrders);
  });
  app.get('/api/work-orders/:id', (req, res) => {
    const wo = workOrders.find((w) => w.id === req.params.id);
    if (!wo) res.status(404).json({ code: 'not_found', message: `no work order ${req.params.id}` });
    else res.json({ ...wo, b2mml: toOperationsRequest(wo) });
  });
  app.get('/api/work-orders/:id/b2mml', (req, res) => {
    const wo = workOrders.find((w) => w.id === req.params.id);
    if (!wo) res.status(404).json({ code: 'not_found', message: `no work order ${req.params.id}` });
    else res.type('application/xml').send(scheduleXml([wo], `SCHED-${wo.id}`));
  });
  app.post(
    '/api/production-performance',
    express.text({ type: () => true, limit: options.bodyLimit ?? '10mb' }),
    (req: Request, res: Response) => {
      const key = req.get('idempotency-key') ?? undefined;
      const seen = key !== undefined ? byKey.get(key) : undefined;
      if (seen) {
        duplicates++;
        persist();
        res.status(seen.status).type(seen.contentType).send(seen.body);
        return;
      }
      const body = typeof req.body === 'string' ? req.body : '';
      const read = readReport(body);
      if (!read.ok) {
        rejected++;
        res.status(read.status).json({ code: read.code, message: read.message, issues: read.issues ?? [] });
        return;
      }
      const report: Report = {
        seq: reports.length + 1,
        ...(key !== undefined ? { idempotencyKey: key } : {}),
        ...read.report,
        receivedAt: Date.now(),
        xml: body,
      };
      reports.push(report);
      const stored: Stored = { status: 200, contentType: 'application/xml', body: confirmXml(read.doc) };
      if (key !== undefined) byKey.set(key, stored);
      persist();
      if (mode === 'drop-response') {
        req.socket.destroy();
        return;
      }
      res.status(stored.status).type(stored.contentType).send(stored.body);
    },
  );

  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: unknown }).status;
    res
      .status(typeof status === 'number' ? status : 500)
      .json({ code: (err as { code?: string }).code ?? 'erp_error', message: err.message });
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => app(req, res));
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sim ERP is not on a TCP port');
  const port = address.port;

  const releaseHanging = () => {
    for (const r of hanging) r.socket?.destroy();
    hanging.clear();
  };
  const close = async () => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    releaseHanging();
    for (const s of sockets) s.destroy();
    await closed;
  };

  const erp: SimErp = {
    url: `http://${host}:${port}`,
    port,
    get mode() {
      return mode;
    },
    async setMode(next) {
      if (stopped) throw new Error('the simulated ERP is stopped');
      const was = mode;
      mode = next;
      if (was === 'timeout' && next !== 'timeout') releaseHanging();
      if (next === 'down') await close();
      else if (!server.listening) {
        server.listen(port, host);
        await once(server, 'listening');
      }
    },
    received: () => reports.map((r) => ({ ...r })),
    summary: () => ({ reports: reports.map((r) => ({ ...r })), duplicates, rejected }),
    workOrders,
    issueWorkOrder(fields = {}) {
      const last = workOrders.reduce((n, w) => Math.max(n, Number(w.id.replace(/\D/g, '')) || 0), 1000);
      const base = defaultWorkOrders()[0] as WorkOrder;
      const wo: WorkOrder = { ...base, id: `WO-${last + 1}`, ...fields };
      workOrders.push(wo);
      return wo;
    },
    reset() {
      reports = [];
      byKey = new Map();
      duplicates = 0;
      rejected = 0;
      persist();
    },
    async stop() {
      stopped = true;
      mode = 'down';
      await close();
    },
  };
  return erp;
}
