import { connect, type Socket } from 'node:net';
import { OperationalError, UserError } from '@millwright/model';
import type { ConnectionStatus } from '@millwright/sdk';
import { Backoff } from './backoff.js';
import type { OutboundGate } from './outbound.js';
import { writeTo } from './socket-write.js';

export interface TcpClientOptions {
  host: string;
  port: number;
  gate: OutboundGate;
  /** First reconnect delay; doubles up to `reconnectMaxMs`. */
  reconnectMs: number;
  reconnectMaxMs: number;
  /** Unsent bytes allowed before `write` fails (default 4 MiB). */
  maxBufferedBytes?: number;
  onData?(chunk: Buffer, socket: Socket): void;
  onStatus(status: ConnectionStatus): void;
  /** A new connection is up (tcp-in registers it as a session). */
  onConnect?(socket: Socket): void;
  onClose?(socket: Socket): void;
}

/**
 * A TCP client connection that stays open: connects through the outbound policy, reconnects with
 * backoff when the peer closes or cannot be reached, and reports each state. A refused
 * destination (`outbound_denied`) is `failed` and not retried: it is a configuration problem.
 */
export class TcpClient {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private everConnected = false;
  private readonly backoff: Backoff;

  constructor(private readonly o: TcpClientOptions) {
    this.backoff = new Backoff(o.reconnectMs, o.reconnectMaxMs);
  }

  get target(): string {
    return `tcp://${this.o.host}:${this.o.port}`;
  }

  get connected(): boolean {
    return !!this.socket && !this.socket.connecting && !this.socket.destroyed;
  }

  start(): void {
    this.o.onStatus({ state: 'connecting' });
    this.open();
  }

  /** Writes to the open connection; OperationalError `net_not_connected` while it is down. */
  write(data: Buffer): Promise<void> {
    const s = this.socket;
    if (!s || !this.connected)
      return Promise.reject(new OperationalError('net_not_connected', `not connected to ${this.target}`));
    return writeTo(s, data, this.o.maxBufferedBytes ?? 4_194_304);
  }

  /** Closes the current connection; a new one follows after the backoff delay. */
  drop(): void {
    this.socket?.destroy();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.destroy();
    this.o.onStatus({ state: 'closed' });
  }

  private open(): void {
    let lookup;
    try {
      lookup = this.o.gate.lookupFor(this.o.host, this.o.port);
    } catch (err) {
      this.o.onStatus({ state: 'failed', message: (err as Error).message });
      return;
    }
    const socket = connect({ host: this.o.host, port: this.o.port, lookup });
    this.socket = socket;
    let failure: string | undefined;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.everConnected = true;
      this.backoff.reset();
      this.o.onStatus({ state: 'connected' });
      this.o.onConnect?.(socket);
    });
    socket.on('data', (chunk: Buffer) => this.o.onData?.(chunk, socket));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      failure = err.message;
      if (err instanceof UserError || (err as { code?: string }).code === 'outbound_denied') {
        // The policy refused every address of the name: no point in trying again.
        this.closed = true;
        this.o.onStatus({ state: 'failed', message: err.message });
      }
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.o.onClose?.(socket);
      if (this.closed) return;
      this.o.onStatus({
        state: this.everConnected ? 'reconnecting' : 'connecting',
        message: failure ?? 'connection closed by the peer',
      });
      this.timer = setTimeout(() => this.open(), this.backoff.next());
    });
  }
}
