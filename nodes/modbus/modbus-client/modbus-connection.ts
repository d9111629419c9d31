import { OperationalError } from '@millwright/model';
import { compileOutboundPolicy, confinementOf, type ConnectionStatus, type NodeContext } from '@millwright/sdk';
import type { ModbusRTU } from 'modbus-serial/ModbusRTU.js';
import { requestError, type RequestInfo } from '../lib/modbus-error.js';
import type { ModbusClientConfig } from './config.js';

type Client = ModbusRTU;
type StatusListener = (s: ConnectionStatus) => void;

/**
 * One Modbus TCP connection (the api of a modbus-client config node). Requests go one at a time,
 * in order (many devices answer only one at a time anyway). A request made while the connection is
 * down waits for it up to the timeout. After a drop or a request timeout the connection is
 * reopened with a backoff from `reconnectMinMs`, doubling up to `reconnectMaxMs`.
 */
export class ModbusConnection {
  readonly target: string;
  private readonly host: string;
  private readonly port: number;
  private client: Client | undefined;
  private status: ConnectionStatus = { state: 'connecting' };
  private readonly listeners = new Set<StatusListener>();
  private queue: Promise<unknown> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private backoff: number;
  private closed = false;

  constructor(
    private readonly config: ModbusClientConfig,
    private readonly ctx: Pick<NodeContext, 'confinement' | 'dataDir' | 'log'>,
  ) {
    const { host, port } = hostAndPort(config.host, config.port);
    this.host = host;
    this.port = port;
    this.target = `modbus://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.backoff = config.reconnectMinMs;
  }

  get unitId(): number {
    return this.config.unitId;
  }

  /** Calls `listener` with the current state and every change; returns the unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** Opens the connection in the background (see the class doc for retries). */
  start(): void {
    void this.connect();
  }

  /**
   * Runs `fn` on the open connection after the requests before it. Rejects with the coded error of
   * `requestError` (a Modbus exception, `modbus_timeout`, `modbus_not_connected`).
   */
  request<T>(info: Omit<RequestInfo, 'unitId' | 'target'>, fn: (client: Client) => Promise<T>): Promise<T> {
    const full: RequestInfo = { ...info, unitId: this.config.unitId, target: this.target };
    const run = async (): Promise<T> => {
      const client = await this.ready(full);
      try {
        return await fn(client);
      } catch (err) {
        const coded = requestError(err, full);
        // A device that stopped answering may sit behind a dead link: open a fresh connection.
        if (coded.code === 'modbus_timeout') this.drop(client, 'request timed out');
        throw coded;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (client) await new Promise<void>((resolve) => client.close(() => resolve()));
    this.setStatus({ state: 'closed' });
  }

  /** The open client, waiting for it up to the timeout. */
  private async ready(info: RequestInfo): Promise<Client> {
    if (this.client && this.status.state === 'connected') return this.client;
    if (this.closed) throw new OperationalError('modbus_not_connected', `${this.target}: the connection is closed`);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, this.config.timeoutMs);
      const off = this.onStatus((s) => {
        if (s.state === 'connected' || s.state === 'closed') done();
      });
    });
    if (this.client && this.status.state === 'connected') return this.client;
    throw new OperationalError(
      'modbus_not_connected',
      `${info.op} ${info.area} ${info.address} of unit ${info.unitId}: not connected to ${this.target} within ${this.config.timeoutMs} ms (${this.status.message ?? this.status.state})`,
    );
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client: Client = new (await clientClass())();
    client.on('error', () => undefined); // socket errors also close the port, handled below
    try {
      const policy = compileOutboundPolicy(confinementOf(this.ctx).outbound);
      const opening = client.connectTCP(this.host, {
        port: this.port,
        lookup: policy.lookup(this.port),
        // Request/response: a request must not wait for the ACK of the previous one (Nagle).
        socketOpts: { noDelay: true },
      });
      const timer = setTimeout(() => client.destroy(() => undefined), this.config.timeoutMs);
      await opening.finally(() => clearTimeout(timer));
      if (!client.isOpen) throw new Error(`no connection within ${this.config.timeoutMs} ms`);
    } catch (err) {
      client.destroy(() => undefined);
      return this.retry(errorText(err));
    }
    if (this.closed) return void client.close(() => undefined);
    client.setID(this.config.unitId);
    client.setTimeout(this.config.timeoutMs);
    this.client = client;
    this.backoff = this.config.reconnectMinMs;
    client.on('close', () => this.drop(client, 'connection closed by the device'));
    this.setStatus({ state: 'connected' });
  }

  private drop(client: Client, why: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.destroy(() => undefined);
    this.ctx.log.warn(`${this.target}: ${why}; reconnecting`);
    this.retry(why);
  }

  private retry(why: string): void {
    if (this.closed) return;
    this.setStatus({ state: 'reconnecting', message: why });
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.config.reconnectMaxMs);
    this.retryTimer = setTimeout(() => void this.connect(), wait);
  }

  private setStatus(s: ConnectionStatus): void {
    this.status = s;
    for (const l of [...this.listeners]) l(s);
  }
}

/** `host:port` or `[v6]:port` in the host field wins over the port field (the schema checks its range); a bare IPv6 address stays as it is. */
export function hostAndPort(host: string, port: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(host) ?? /^([^:]+):(\d+)$/.exec(host);
  if (!m) return { host, port };
  const given = m[2] === undefined ? port : Number(m[2]);
  return { host: m[1] ?? host, port: given >= 1 && given <= 65_535 ? given : port };
}

function errorText(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? Reflect.get(err, 'code') : undefined;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * The client class. modbus-serial is CommonJS typed as `export default`: Node hands the class itself
 * as the default export, which its typings call `default.default`.
 */
async function clientClass(): Promise<new () => Client> {
  const mod = await import('modbus-serial');
  const d: unknown = mod.default;
  return typeof d === 'function' ? (d as new () => Client) : mod.default.default;
}
