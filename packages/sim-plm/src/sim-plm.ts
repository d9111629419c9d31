import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import express, { type Request, type Response } from 'express';
import {
  defaultChange,
  initialRevisions,
  nextRevision,
  revisionXml,
  type BomLine,
  type ProductRevision,
} from './revisions.js';

export interface SimPlmOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Products at their first revision (default: PART-A and PART-B at revision A). */
  products?: Array<Omit<ProductRevision, 'seq'>>;
}

/** What a release may change; unset fields follow the default engineering change. */
export interface RevisionChange {
  temperatureSetpoint?: number;
  bom?: BomLine[];
}

/** A running simulated PLM. */
export interface SimPlm {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** The current revision of each product. */
  current(): ProductRevision[];
  /** Every release so far, in order (initial revisions first). */
  releases(): ProductRevision[];
  /** Releases the next revision of a product (the default change: setpoint +2 °C, last BOM line -10 %). */
  release(product: string, change?: RevisionChange): ProductRevision;
  stop(): Promise<void>;
}

/**
 * Starts the simulated PLM. Read: `GET /api/products` (current revisions, JSON),
 * `GET /api/products/:product/b2mml` (B2MML V0701 SyncOperationsDefinitionInformation),
 * `GET /api/revisions?after=<seq>` (releases after a sequence number, JSON) and
 * `GET /api/revisions/next?after=<seq>` (the first such release as B2MML with its number in the
 * `x-plm-seq` header, 204 when there is none: what a poller asks). Engineering change:
 * `POST /api/products/:product/release` with optional JSON `{ temperatureSetpoint, bom }`.
 */
export async function startSimPlm(options: SimPlmOptions = {}): Promise<SimPlm> {
  const host = options.host ?? '127.0.0.1';
  const log: ProductRevision[] = [];
  for (const p of options.products ?? initialRevisions()) log.push({ ...p, seq: log.length + 1 });
  const currentOf = (product: string) => log.findLast((r) => r.product === product);
  const current = () => [...new Set(log.map((r) => r.product))].map((p) => currentOf(p) as ProductRevision);
  const after = (req: Request) => Number(req.query['after'] ?? 0) || 0;

  const release = (product: string, change: RevisionChange = {}): ProductRevision => {
    const cur = currentOf(product);
    if (!cur) throw Object.assign(new Error(`no product ${product}`), { status: 404 });
    const next: ProductRevision = {
      ...cur,
      ...defaultChange(cur),
      ...change,
      seq: log.length + 1,
      revision: nextRevision(cur.revision),
      releasedAt: new Date().toISOString(),
    };
    log.push(next);
    return next;
  };

  const app = express();
  app.disable('x-powered-by');
  app.get('/api/products', (_req, res) => void res.json(current()));
  app.get('/api/products/:product', (req, res) => {
    const rev = currentOf(req.params.product);
    if (!rev) res.status(404).json({ code: 'not_found', message: `no product ${req.params.product}` });
    else res.json(rev);
  });
  app.get('/api/products/:product/b2mml', (req, res) => {
    const rev = currentOf(req.params.product);
    if (!rev) res.status(404).json({ code: 'not_found', message: `no product ${req.params.product}` });
    else res.type('application/xml').set('x-plm-seq', String(rev.seq)).send(revisionXml(rev));
  });
  app.get('/api/revisions', (req, res) => void res.json(log.filter((r) => r.seq > after(req))));
  app.get('/api/revisions/next', (req, res) => {
    const rev = log.find((r) => r.seq > after(req));
    if (!rev) res.status(204).end();
    else res.type('application/xml').set('x-plm-seq', String(rev.seq)).send(revisionXml(rev));
  });
  app.post('/api/products/:product/release', express.json(), (req: Request, res: Response) => {
    const body = (req.body ?? {}) as RevisionChange;
    const setpoint = body.temperatureSetpoint;
    if (setpoint !== undefined && !Number.isFinite(setpoint)) {
      res.status(400).json({ code: 'invalid_change', message: 'temperatureSetpoint must be a number' });
      return;
    }
    try {
      res.status(201).json(release(req.params.product as string, body));
    } catch (err) {
      res.status(404).json({ code: 'not_found', message: (err as Error).message });
    }
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
  if (address === null || typeof address === 'string') throw new Error('sim PLM is not on a TCP port');
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    current,
    releases: () => log.map((r) => ({ ...r })),
    release,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      })),
  };
}
