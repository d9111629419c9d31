import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OperationalError, UserError } from '@millwright/model';
import type { NodeLogger } from '@millwright/sdk';
import type { ClientSession, OPCUAClient, OPCUAClientOptions, UserIdentityInfo, UserTokenType } from 'node-opcua';
import type { OpcuaEndpointConfig } from './config.js';
import { errorText } from './error-text.js';
import { MonitoredItems, type MonitorCallbacks, type MonitorRequest } from './monitored-items.js';
import { breakConnection, startWatchdog } from './watchdog.js';

export type { MonitorCallbacks, MonitorRequest } from './monitored-items.js';
export { errorText } from './error-text.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the connection is not up, for the status badge. */
  message?: string;
}

/**
 * The PKI folder when the config names none: `<dataDir>/pki/opcua` in a runtime that keeps files,
 * else a folder in the OS temp directory (tests, headless runs), where certificates and trust
 * decisions do not outlive a reboot.
 */
export function defaultPkiFolder(dataDir: string | undefined): string {
  return dataDir ? join(dataDir, 'pki', 'opcua') : join(tmpdir(), 'millwright-pki', 'opcua');
}

/**
 * The connection behind an `opcua-endpoint` config node: one node-opcua client and session per
 * flow worker, shared by the flow's opcua-* nodes.
 *
 * It connects in the background and never gives up: the first connection and every reconnection
 * retry with a doubling delay up to `reconnectMaxDelayMs`. node-opcua repairs the session after a
 * network drop or a server restart and transfers or re-creates its subscriptions; if the session is
 * lost anyway, this class opens a new one and re-creates every monitored item itself. A watchdog
 * (`watchdogMs`) notices a server that stopped answering with its socket open and breaks the
 * connection, which starts that same reconnection.
 */
export class OpcuaConnection {
  private status: ConnectionStatus = { state: 'connecting' };
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();
  private client: OPCUAClient | null = null;
  private current: ClientSession | null = null;
  private readonly items = new MonitoredItems();
  private closing: Promise<void> | null = null;
  private stopWatchdog: () => void = () => undefined;
  /** Whether a session was ever up: until then callers wait up to `startupWaitMs` for one. */
  private everConnected = false;
  /** Whether the last attempt was refused for a reason waiting does not cure (login, security). */
  private refused = false;

  constructor(
    private readonly config: OpcuaEndpointConfig,
    private readonly password: string | undefined,
    private readonly log: NodeLogger,
    /** Where the PKI folder lives unless `config.pkiFolder` says otherwise. */
    private readonly dataDir?: string,
  ) {}

  get endpointUrl(): string {
    return this.config.endpointUrl;
  }

  get requestTimeoutMs(): number {
    return this.config.requestTimeoutMs;
  }

  getStatus(): ConnectionStatus {
    return this.status;
  }

  /** Calls `listener` now and on every change; returns the function that stops it. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** Starts connecting in the background. */
  start(): void {
    void this.connectLoop().catch((err: unknown) => {
      this.setStatus({ state: 'failed', message: errorText(err) });
      this.log.error(`OPC UA connection to ${this.endpointUrl} stopped: ${errorText(err)}`);
    });
  }

  /**
   * The session, once connected: reads, writes, browses and calls issued while the connection is
   * being opened wait here. Rejects with `opcua_not_connected` (OperationalError, the wait in the
   * message) if the connection is not up within `timeoutMs` (default `requestTimeoutMs`, or
   * `startupWaitMs` if longer until the first session is up, unless the server refused the login
   * or the security), with `opcua_closed` after close().
   */
  session(timeoutMs?: number): Promise<ClientSession> {
    // Until the first session is up, a slow start (loaded machine, first PKI, a session request
    // that timed out, a server still full) is no reason to fail; a server that refused us (login,
    // security, certificate) is, at the usual timeout.
    const starting = !this.everConnected && (this.status.state === 'connecting' || !this.refused);
    const waitMs =
      timeoutMs ??
      (starting ? Math.max(this.config.requestTimeoutMs, this.config.startupWaitMs) : this.config.requestTimeoutMs);
    if (this.status.state === 'connected' && this.current) return Promise.resolve(this.current);
    if (this.status.state === 'closed') return Promise.reject(closedError(this.endpointUrl));
    return new Promise<ClientSession>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        stop();
        const why = this.status.message ? ` (${this.status.message})` : '';
        reject(
          new OperationalError(
            'opcua_not_connected',
            `not connected to ${this.endpointUrl} after ${waitMs} ms: ${this.status.state}${why}`,
          ),
        );
      }, waitMs);
      const stop = this.onStatus((s) => {
        if (s.state === 'closed') {
          clearTimeout(timer);
          queueMicrotask(stop);
          reject(closedError(this.endpointUrl));
        } else if (s.state === 'connected' && this.current) {
          clearTimeout(timer);
          queueMicrotask(stop);
          resolvePromise(this.current);
        }
      });
    });
  }

  /**
   * Registers a monitored item. It is created as soon as a session exists and again on every new
   * session; `close()` of the handle deletes it (and its subscription once empty).
   */
  monitor(request: MonitorRequest, callbacks: MonitorCallbacks): { close(): Promise<void> } {
    return this.items.add(request, callbacks);
  }

  /** Closes the session and the client. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopWatchdog();
      this.items.clear();
      const session = this.current;
      this.current = null;
      this.setStatus({ state: 'closed' });
      if (session) await session.close(true).catch(() => undefined);
      if (this.client) await this.client.disconnect().catch(() => undefined);
    })();
    return this.closing;
  }

  private get closed(): boolean {
    return this.closing !== null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status.state === 'closed') return;
    if (this.status.state === status.state && this.status.message === status.message) return;
    this.status = status;
    for (const l of [...this.listeners]) l(status);
  }

  private async connectLoop(): Promise<void> {
    const opcua = await import('node-opcua');
    if (this.closed) return;
    const cfg = this.config;
    const certificateManager = new opcua.OPCUACertificateManager({
      rootFolder: resolve(cfg.pkiFolder || defaultPkiFolder(this.dataDir)),
      automaticallyAcceptUnknownCertificate: cfg.trustUnknownServerCertificates,
    });
    const client = opcua.OPCUAClient.create({
      applicationName: 'Millwright',
      endpointMustExist: false,
      securityMode: opcua.MessageSecurityMode[cfg.securityMode],
      securityPolicy: opcua.SecurityPolicy[cfg.securityPolicy],
      clientCertificateManager: certificateManager,
      // node-opcua's backoff refuses an initial delay not below the maximal one (every connect
      // then failed with "rejected by server" for reconnectMaxDelayMs <= 200).
      connectionStrategy: {
        initialDelay: Math.min(200, Math.floor(cfg.reconnectMaxDelayMs / 2)),
        maxDelay: cfg.reconnectMaxDelayMs,
        maxRetry: -1,
      },
      // Kept as a fallback; the watchdog's reads keep the session busy, so it seldom pings.
      keepSessionAlive: true,
      requestedSessionTimeout: cfg.sessionTimeoutMs,
      // Lazy (DataTypeExtractStrategy.Lazy, not exported by node-opcua): the first structure read or
      // written loads the definitions of its own types only, not of every namespace. With DI, IA and
      // Machinery loaded that took 0.8 s (5-6 s on a loaded machine) instead of 40 ms.
      dataTypeExtractStrategy: 4 as OPCUAClientOptions['dataTypeExtractStrategy'],
    });
    this.client = client;
    client.on('backoff', (count: number) => {
      if (this.status.state !== 'reconnecting')
        this.setStatus({ state: 'connecting', message: `server unreachable, attempt ${count + 1}` });
    });
    client.on('connection_lost', () => {
      this.stopWatchdog();
      // Keep the watchdog's reason when it broke the connection itself.
      if (this.status.state !== 'reconnecting') this.setStatus({ state: 'reconnecting', message: 'connection lost' });
    });
    client.on('connection_reestablished', () => {
      if (!this.current) return;
      this.setStatus({ state: 'connected' });
      this.watch(this.current);
    });

    let delay = 200;
    while (!this.closed) {
      try {
        await client.connect(cfg.endpointUrl);
        if (this.closed) return;
        const session = await client.createSession(this.identity(opcua.UserTokenType));
        if (this.closed) {
          await session.close().catch(() => undefined);
          return;
        }
        this.adopt(session);
        return;
      } catch (err) {
        if (this.closed) return;
        // Reaching the server but being refused (bad password, policy mismatch) is worth a slower retry.
        this.refused = isRefusal(err);
        this.setStatus({ state: 'failed', message: errorText(err) });
        this.log.warn(`OPC UA ${cfg.endpointUrl}: ${errorText(err)}; retrying in ${delay} ms`);
        await client.disconnect().catch(() => undefined);
        await sleep(delay);
        delay = Math.min(delay * 2, cfg.reconnectMaxDelayMs);
      }
    }
  }

  private identity(types: typeof UserTokenType): UserIdentityInfo {
    if (this.config.authentication === 'anonymous') return { type: types.Anonymous };
    if (this.password === undefined)
      throw new UserError('opcua_password_missing', 'username authentication needs a password in the credentials');
    return { type: types.UserName, userName: this.config.username, password: this.password };
  }

  /** Takes a fresh session into use and (re-)creates every monitored item on it. */
  private adopt(session: ClientSession): void {
    this.current = session;
    session.on('session_closed', () => {
      if (this.closed || this.current !== session) return;
      // The server closed the session for good: open a new one through the same loop.
      this.current = null;
      this.stopWatchdog();
      this.items.attach(null);
      this.setStatus({ state: 'reconnecting', message: 'session closed by the server' });
      void this.client
        ?.disconnect()
        .catch(() => undefined)
        .then(() => this.start());
    });
    this.everConnected = true;
    this.setStatus({ state: 'connected' });
    this.watch(session);
    this.items.attach(session);
  }

  /** (Re)starts the watchdog on `session`: when the server stops answering, break and reconnect. */
  private watch(session: ClientSession): void {
    this.stopWatchdog();
    this.stopWatchdog = startWatchdog({
      session,
      periodMs: this.config.watchdogMs,
      onLost: (why) => {
        if (this.closed || this.current !== session) return;
        this.log.warn(`OPC UA ${this.endpointUrl}: ${why}; reconnecting`);
        this.setStatus({ state: 'reconnecting', message: why });
        if (this.client) breakConnection(this.client);
      },
    });
  }
}

/**
 * Failures the server or the config decide (bad login, security policy or certificate refused,
 * password missing): retrying helps only after someone acts. Anything else (timeouts, a busy or
 * full server, a dropped socket) may pass by itself.
 */
const REFUSALS =
  /Bad(UserAccessDenied|IdentityToken\w*|Security\w*|Certificate\w*|ApplicationSignatureInvalid|UserSignatureInvalid|NoValidCertificates)/;

function isRefusal(err: unknown): boolean {
  return err instanceof UserError || REFUSALS.test(errorText(err));
}

function closedError(url: string): OperationalError {
  return new OperationalError('opcua_closed', `the connection to ${url} is closed`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
