import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import express, { type Request, type Response } from 'express';

/** What the QMS decides about a held lot. */
export type Disposition = 'release' | 'scrap';
export const DISPOSITIONS: readonly Disposition[] = ['release', 'scrap'];

/** A quality event as received (the quality-event node's record; only these fields are read). */
export interface ReceivedEvent {
  id: string;
  kind: string;
  lot?: string;
  [field: string]: unknown;
}

/** A corrective and preventive action opened for a non-conformance. */
export interface Capa {
  capaId: string;
  eventId: string;
  lot: string | undefined;
  openedAt: string;
  status: 'open' | 'closed';
  disposition?: Disposition;
  decidedAt?: string;
  /** Order of decisions, 1, 2, ... (what a poller remembers). */
  seq?: number;
}

export interface SimQmsOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Disposition every CAPA by itself this long after it opened (the demo); unset: only by request. */
  autoDisposition?: { afterMs: number; disposition: Disposition };
  /** `fail500` answers every business request with 500 (to show the outbox retrying). */
  mode?: 'ok' | 'fail500';
}

/** A running simulated QMS. */
export interface SimQms {
  readonly url: string;
  readonly port: number;
  /** Events accepted, one per idempotency key, in order. */
  events(): ReceivedEvent[];
  /** Requests that repeated a known idempotency key (answered, not recorded). */
  duplicates(): number;
  capas(): Capa[];
  /** Decides a CAPA: its lot may be released or must be scrapped. */
  disposition(capaId: string, disposition: Disposition): Capa;
  setMode(mode: 'ok' | 'fail500'): void;
  stop(): Promise<void>;
}

/**
 * Starts the simulated QMS. `POST /api/quality-events` takes a quality event (JSON); an
 * `Idempotency-Key` seen before gets the first answer again and records nothing. A
 * `non-conformance` opens a CAPA and is answered `201 { eventId, capaId, status: 'open' }`;
 * other kinds `201 { eventId, status: 'recorded' }`. `GET /api/capa/:id` shows a CAPA,
 * `POST /api/capa/:id/disposition` `{ disposition: 'release' | 'scrap' }` decides it, and
 * `GET /api/dispositions?after=<seq>` lists decisions after a sequence number (what a flow polls).
 * `GET /api/_received` lists events, CAPAs and duplicates.
 */
export async function startSimQms(options: SimQmsOptions = {}): Promise<SimQms> {
  const host = options.host ?? '127.0.0.1';
  const events: ReceivedEvent[] = [];
  const answers = new Map<string, { status: number; body: unknown }>();
  const capas: Capa[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let duplicates = 0;
  let decisions = 0;
  let mode = options.mode ?? 'ok';

  const decide = (capaId: string, disposition: Disposition): Capa => {
    const capa = capas.find((c) => c.capaId === capaId);
    if (!capa) throw Object.assign(new Error(`no CAPA ${capaId}`), { status: 404 });
    if (capa.status === 'closed') return capa;
    Object.assign(capa, { status: 'closed', disposition, decidedAt: new Date().toISOString(), seq: ++decisions });
    return capa;
  };

  const receive = (event: ReceivedEvent) => {
    events.push(event);
    if (event.kind !== 'non-conformance') return { status: 201, body: { eventId: event.id, status: 'recorded' } };
    const capa: Capa = {
      capaId: `CAPA-${String(capas.length + 1).padStart(4, '0')}`,
      eventId: event.id,
      lot: event.lot,
      openedAt: new Date().toISOString(),
      status: 'open',
    };
    capas.push(capa);
    const auto = options.autoDisposition;
    if (auto) {
      const t = setTimeout(() => {
        timers.delete(t);
        decide(capa.capaId, auto.disposition);
      }, auto.afterMs);
      timers.add(t);
    }
    return { status: 201, body: { eventId: event.id, capaId: capa.capaId, status: 'open' } };
  };

  const app = express();
  app.disable('x-powered-by');
  app.get('/api/_received', (_req, res) => void res.json({ events, capas, duplicates }));
  app.use('/api', (_req, res, next) => {
    if (mode === 'fail500') res.status(500).json({ code: 'qms_unavailable', message: 'simulated QMS failure' });
    else next();
  });
  app.post('/api/quality-events', express.json({ limit: '1mb' }), (req: Request, res: Response) => {
    const key = req.get('idempotency-key');
    const seen = key !== undefined ? answers.get(key) : undefined;
    if (seen) {
      duplicates++;
      res.status(seen.status).json(seen.body);
      return;
    }
    const body = req.body as Partial<ReceivedEvent> | undefined;
    if (!body || typeof body.id !== 'string' || typeof body.kind !== 'string') {
      res
        .status(400)
        .json({ code: 'invalid_quality_event', message: 'expected a JSON quality event with id and kind' });
      return;
    }
    const answer = receive(body as ReceivedEvent);
    if (key !== undefined) answers.set(key, answer);
    res.status(answer.status).json(answer.body);
  });
  app.get('/api/capa/:id', (req, res) => {
    const capa = capas.find((c) => c.capaId === req.params.id);
    if (!capa) res.status(404).json({ code: 'not_found', message: `no CAPA ${req.params.id}` });
    else res.json(capa);
  });
  app.post('/api/capa/:id/disposition', express.json(), (req: Request, res: Response) => {
    const d = (req.body as { disposition?: unknown } | undefined)?.disposition;
    if (!DISPOSITIONS.includes(d as Disposition)) {
      res
        .status(400)
        .json({ code: 'invalid_disposition', message: `disposition must be one of ${DISPOSITIONS.join(', ')}` });
      return;
    }
    try {
      res.json(decide(req.params.id as string, d as Disposition));
    } catch (err) {
      res.status(404).json({ code: 'not_found', message: (err as Error).message });
    }
  });
  app.get('/api/dispositions', (req, res) => {
    const after = Number(req.query['after'] ?? 0) || 0;
    res.json(capas.filter((c) => c.seq !== undefined && c.seq > after).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)));
  });

  const server = createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sim QMS is not on a TCP port');
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    events: () => events.map((e) => ({ ...e })),
    duplicates: () => duplicates,
    capas: () => capas.map((c) => ({ ...c })),
    disposition: decide,
    setMode: (next) => void (mode = next),
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      })),
  };
}
