import { OperationalError, type ClusterRuntimeInfo, type Flow } from '@millwright/model';
import { Kvm, type KV } from '@nats-io/kv';
import { readFile } from 'node:fs/promises';
import {
  connect,
  credsAuthenticator,
  nkeyAuthenticator,
  type Authenticator,
  type NatsConnection,
} from '@nats-io/transport-node';
import type { Labels } from './placement.js';

/** How a runtime joins a cluster (`millwright start --cluster ...`). */
export interface ClusterConfig {
  /** NATS server URLs (`nats://host:4222`); any of them will do, the client finds the others. */
  servers: string[];
  /** Runtimes with the same name form one cluster; it prefixes the key-value buckets. */
  name: string;
  labels: Labels;
  /** This runtime's id in the cluster (default: host name and a random suffix). */
  id: string;
  /** How long a lease of a `once` flow lives without renewal: the failover time (default 3000 ms). */
  leaseMs: number;
  /** Replicas of the buckets (default: the number of servers given, at most 3). */
  replicas: number;
  /** NATS user and password, or token (passed through to the client). */
  user?: string;
  pass?: string;
  token?: string;
  /** A NATS `.creds` file (user JWT and nkey seed, decentralised auth), read at connect. */
  credsFile?: string;
  /** A file holding an nkey seed (`SU...`), read at connect. */
  nkeyFile?: string;
  /** TLS files for `tls://` servers: the CA that signed the servers, and a client certificate and key. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/** What is deployed in the cluster: the single source of truth, in the `<name>-flows` bucket. */
export interface ClusterDeployment {
  revision: string;
  flows: Flow[];
  /** The runtime that deployed it. */
  by: string;
  at: number;
  /**
   * Node credentials of these flows, sealed with the credential key (ciphertext only, never in
   * clear in NATS): runtimes with the same key open them.
   */
  credentials?: { keyId: string; entries: Record<string, { iv: string; tag: string; data: string }> };
  /** The bucket's sequence of this value (set when read, not stored): newer deployments have higher ones. */
  seq?: number;
}

/** A runtime's heartbeat in the `<name>-runtimes` bucket (expires when it stops beating). */
export type RuntimeInfo = ClusterRuntimeInfo;

const DEPLOYMENT_KEY = 'deployment';
/** How often the client pings its NATS server, and how many unanswered pings mean it is gone. */
const PING_INTERVAL_MS = 2_000;
const MAX_PINGS_OUT = 3;

/**
 * The cluster's state in NATS JetStream key-value buckets: the deployment (flows), the leases of
 * `once` flows (a bucket whose entries expire after `leaseMs` unless renewed; `create` refuses a
 * second holder), and the runtimes' heartbeats. No state of its own: every runtime reads the same.
 */
export class ClusterStore {
  private constructor(
    readonly nc: NatsConnection,
    private readonly flowsKv: KV,
    private readonly leasesKv: KV,
    private readonly runtimesKv: KV,
    private readonly contextKv: KV,
  ) {}

  /** Connects and opens (or creates) the buckets; retries while JetStream is still forming, up to `timeoutMs`. */
  static async open(cfg: ClusterConfig, timeoutMs = 30_000): Promise<ClusterStore> {
    const nc = await connect({
      servers: cfg.servers,
      name: `millwright-${cfg.id}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // A server that dies without closing the socket (power cut, partition) is noticed after
      // PING_INTERVAL_MS x MAX_PINGS_OUT (the client default is 2 min x 2), then the client moves on.
      pingInterval: PING_INTERVAL_MS,
      maxPingOut: MAX_PINGS_OUT,
      ...(cfg.user !== undefined ? { user: cfg.user } : {}),
      ...(cfg.pass !== undefined ? { pass: cfg.pass } : {}),
      ...(cfg.token !== undefined ? { token: cfg.token } : {}),
      ...(cfg.tls ? { tls: cfg.tls } : {}),
      ...(await authenticatorOf(cfg)),
    }).catch((err: unknown) => {
      throw new OperationalError(
        'cluster_unreachable',
        `cannot reach NATS at ${cfg.servers.join(', ')}: ${(err as Error).message}`,
        err,
      );
    });
    const kvm = new Kvm(nc);
    const bucket = async (suffix: string, extra: { ttl?: number; history?: number }): Promise<KV> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          return await kvm.create(`${cfg.name}-${suffix}`, { replicas: cfg.replicas, ...extra });
        } catch (err) {
          if (Date.now() > deadline) {
            await nc.close().catch(() => undefined);
            throw new OperationalError(
              'cluster_unavailable',
              `NATS JetStream did not open the bucket ${cfg.name}-${suffix}: ${(err as Error).message}`,
              err,
            );
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    };
    const flowsKv = await bucket('flows', { history: 10 });
    const leasesKv = await bucket('leases', { ttl: cfg.leaseMs });
    const runtimesKv = await bucket('runtimes', { ttl: Math.max(10_000, cfg.leaseMs * 3) });
    const contextKv = await bucket('context', { history: 1 });
    return new ClusterStore(nc, flowsKv, leasesKv, runtimesKv, contextKv);
  }

  async getDeployment(): Promise<ClusterDeployment | undefined> {
    const e = await this.flowsKv.get(DEPLOYMENT_KEY);
    return e && e.operation === 'PUT' ? { ...e.json<ClusterDeployment>(), seq: e.revision } : undefined;
  }

  /** Writes the deployment; resolves with its sequence in the bucket. */
  async putDeployment(d: ClusterDeployment): Promise<number> {
    return this.flowsKv.put(DEPLOYMENT_KEY, JSON.stringify(d));
  }

  /** Calls `onChange` with every deployment put from now on (and the current one first). */
  async watchDeployment(
    onChange: (d: ClusterDeployment) => void,
    onError: (err: unknown) => void,
  ): Promise<() => void> {
    const it = await this.flowsKv.watch({ key: DEPLOYMENT_KEY });
    void (async () => {
      for await (const e of it) {
        if (e.operation !== 'PUT') continue;
        try {
          onChange({ ...e.json<ClusterDeployment>(), seq: e.revision });
        } catch (err) {
          onError(err);
        }
      }
    })().catch(onError);
    return () => it.stop();
  }

  /**
   * Calls `onChange` for every lease write from now on: the flow, and whether it is held (a put)
   * or given back (a delete). An expiry writes nothing (NATS 2.9): the caller times it.
   */
  async watchLeases(
    onChange: (flowId: string, held: boolean) => void,
    onError: (err: unknown) => void,
  ): Promise<() => void> {
    const it = await this.leasesKv.watch();
    void (async () => {
      for await (const e of it) onChange(idOf(e.key), e.operation === 'PUT');
    })().catch(onError);
    return () => it.stop();
  }

  /** Takes the lease of `flowId` for `holder` if nobody holds it; its revision, or undefined. */
  async acquire(flowId: string, holder: string): Promise<number | undefined> {
    try {
      return await this.leasesKv.create(keyOf(flowId), holder);
    } catch (err) {
      if (/wrong last sequence|key exists/i.test((err as Error).message)) return undefined;
      throw err;
    }
  }

  /** Renews a lease held at `revision`; the new revision, or undefined when it was lost meanwhile. */
  async renew(flowId: string, holder: string, revision: number): Promise<number | undefined> {
    try {
      return await this.leasesKv.update(keyOf(flowId), holder, revision);
    } catch (err) {
      if (/wrong last sequence/i.test((err as Error).message)) return undefined;
      throw err;
    }
  }

  /** Gives a lease back (graceful stop), so another runtime takes the flow at once. */
  async release(flowId: string, revision: number): Promise<void> {
    await this.leasesKv.delete(keyOf(flowId), { previousSeq: revision }).catch(() => undefined);
  }

  /**
   * The holder of each of `flowIds`' leases, read key by key: a read needs only the bucket's stream
   * (not a consumer, which needs the JetStream meta leader, elected anew when a NATS server dies).
   */
  async leases(flowIds: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    await Promise.all(
      flowIds.map(async (flowId) => {
        const held = await this.holderOf(flowId);
        if (held) out[flowId] = held.holder;
      }),
    );
    return out;
  }

  /** Who holds the lease of `flowId` now, and at which revision; undefined when it is free. */
  async holderOf(flowId: string): Promise<{ holder: string; revision: number } | undefined> {
    const e = await this.leasesKv.get(keyOf(flowId));
    return e && e.operation === 'PUT' ? { holder: e.string(), revision: e.revision } : undefined;
  }

  /** The replicated context file of a `once` flow (its JSON text), or undefined. */
  async getContext(flowId: string): Promise<string | undefined> {
    const e = await this.contextKv.get(keyOf(flowId));
    return e && e.operation === 'PUT' ? e.string() : undefined;
  }

  async putContext(flowId: string, text: string): Promise<void> {
    await this.contextKv.put(keyOf(flowId), text);
  }

  async heartbeat(info: RuntimeInfo): Promise<void> {
    await this.runtimesKv.put(keyOf(info.id), JSON.stringify(info));
  }

  async forget(id: string): Promise<void> {
    await this.runtimesKv.delete(keyOf(id)).catch(() => undefined);
  }

  async runtimes(): Promise<RuntimeInfo[]> {
    // A key updated while it is listed can come twice: one entry per runtime.
    const out = new Map<string, RuntimeInfo>();
    for await (const key of await this.runtimesKv.keys()) {
      const e = await this.runtimesKv.get(key);
      if (e && e.operation === 'PUT') {
        const info = e.json<RuntimeInfo>();
        out.set(info.id, info);
      }
    }
    return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => this.nc.close());
  }
}

/** KV keys allow `[-/_=.a-zA-Z0-9]`; other ids are base64url-encoded behind `b64.` (a plain id has no dot). */
function keyOf(id: string): string {
  return /^[-_=a-zA-Z0-9]+$/.test(id) ? id : `b64.${Buffer.from(id).toString('base64url')}`;
}

/** The authenticator for a `.creds` file or an nkey seed file (read now: a missing file fails the join with its path). */
async function authenticatorOf(cfg: ClusterConfig): Promise<{ authenticator?: Authenticator }> {
  const read = (file: string) =>
    readFile(file).catch((err: unknown) => {
      throw new OperationalError(
        'cluster_credentials_unreadable',
        `cannot read ${file}: ${(err as Error).message}`,
        err,
      );
    });
  if (cfg.credsFile !== undefined) return { authenticator: credsAuthenticator(await read(cfg.credsFile)) };
  if (cfg.nkeyFile !== undefined) {
    const seed = (await read(cfg.nkeyFile)).toString('utf8').trim();
    return { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) };
  }
  return {};
}

function idOf(key: string): string {
  return key.startsWith('b64.') ? Buffer.from(key.slice(4), 'base64url').toString() : key;
}
