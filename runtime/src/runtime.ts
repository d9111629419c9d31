import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  UserError,
  ValidationError,
  type FlowMessage,
  type NodePackageInfo,
  type RuntimeEventType,
} from '@millwright/model';
import { OUTBOX_FOLDER } from '@millwright/outbox';
import type { NodeRegistry } from '@millwright/sdk';
import type { Logger } from 'pino';
import { createApp } from './api/create-app.js';
import { importRoutes } from './api/import-routes.js';
import { nodePackagesRoutes } from './api/node-packages-routes.js';
import { openSecurity, type AdminSecurity } from './auth/security.js';
import { CredentialStore } from './credentials/credential-store.js';
import { DeployService } from './deploy/deploy-service.js';
import { FlowHealth } from './engine/flow-health.js';
import { clusterRoutes } from './api/cluster-routes.js';
import { resolveClusterConfig, type ClusterOptions } from './cluster/cluster-config.js';
import { ClusterMember } from './cluster/cluster-member.js';
import { ClusterStore } from './cluster/cluster-store.js';
import { ContextReplica } from './cluster/context-replica.js';
import { ClusterLinks } from './cluster/cluster-links.js';
import { ClusterQueues } from './cluster/cluster-queues.js';
import { flowsToRun } from './cluster/placement.js';
import type { FlowLimits } from './engine/flow-limits.js';
import { FlowManager, type FlowIsolation, type FlowManagerOptions } from './engine/flow-manager.js';
import { EventBus } from './events/event-bus.js';
import { createLogger, DEFAULT_LOGGED_EVENTS, logRuntimeEvents } from './logging/log-events.js';
import { startMetricsListener, type MetricsBind, type MetricsListener } from './metrics/metrics-listener.js';
import { createRuntimeMetrics } from './metrics/runtime-metrics.js';
import { watchNodePackages, type NodePackageWatcher } from './registry/hot-reload.js';
import { DEFAULT_NODE_MODULES } from './registry/load-node-modules.js';
import { loadInstalledNodes } from './registry/node-packages.js';
import { confinementFrom, outboundEnvProblem } from './storage/confinement-settings.js';
import { FlowStore } from './storage/flow-store.js';
import { GitProject } from './storage/git-project.js';
import {
  credentialKeysOf,
  packagesOf,
  settingsWithoutSecrets,
  type SnapshotContext,
} from './snapshots/snapshot-facts.js';
import { SnapshotService } from './snapshots/snapshot-service.js';
import { RUNTIME_VERSION } from './version.js';
import { SettingsStore, type RuntimeSettings } from './storage/settings-store.js';
import { EventStream } from './ws/event-stream.js';
import { websocketGrant } from './ws/ws-auth.js';

/**
 * The editor build the runtime serves by default: the copy the build puts in the runtime's dist (what
 * an installed runtime has), else the editor workspace's build.
 */
export const DEFAULT_EDITOR_DIR =
  [new URL('./editor/', import.meta.url), new URL('../../editor/dist/', import.meta.url)]
    .map((u) => fileURLToPath(u))
    .find((dir) => existsSync(join(dir, 'index.html'))) ??
  fileURLToPath(new URL('../../editor/dist/', import.meta.url));

export interface RuntimeOptions {
  /** Holds flows.json and settings.json. Omitted: everything stays in memory (headless runs). */
  dataDir?: string;
  /** Default `127.0.0.1`. A non-loopback host requires an admin token. */
  host?: string;
  /** Default 1880; 0 picks a free port (see `url` after start). */
  port?: number;
  /** Node modules to load (default `['@millwright/nodes-core']`). */
  nodeModules?: string[];
  /**
   * `pool` (default, or `engine.isolation` in settings.json): flows share a few host processes
   * (`engine.poolSize`, default one per core) and a flow with `isolation: "dedicated"` runs in its
   * own; a fatal V8 out-of-memory in function code ends one host process, never the runtime.
   * `process`: one child process per flow; `worker`: one worker thread per flow (lighter, but such
   * an abort takes the whole runtime down); `in-process` for tests.
   */
  isolation?: FlowIsolation;
  /** Shared host processes of the `pool` isolation; default `engine.poolSize`, then one per core. */
  poolSize?: number;
  /** Static service token; defaults to `MILLWRIGHT_TOKEN`, then `auth.token` in settings.json. */
  token?: string;
  logger?: Logger;
  /** `false` serves only /healthz and /metrics: no admin API, websocket or editor (`millwright run`). */
  adminApi?: boolean;
  /** Deploy these flows at start instead of the stored ones; they are saved to the store first. */
  flows?: unknown[];
  /** Event types written to the log (default error, log, flow-state, deploy). */
  logEvents?: readonly RuntimeEventType[];
  /** Built editor directory (default `editor/dist`). */
  editorDir?: string;
  /** First crash-restart delay of a flow (ms). */
  restartBackoffMs?: number;
  /** Environment to read `MILLWRIGHT_TOKEN` and `MILLWRIGHT_CREDENTIAL_KEY*` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Where nodes keep durable files such as outbox journals (default `dataDir`; none: in memory). */
  nodeDataDir?: string;
  /** Entries added to settings.json `outbound.allow` (the demo's sim ERP; tests' loopback servers). */
  outboundAllow?: readonly string[];
  /** Folders of custom node packages: each subfolder with a package.json that has a `millwright` section. */
  nodesDir?: string | string[];
  /** node_modules folders searched for node packages (a `millwright` section in package.json); default none. */
  nodeModulesDir?: string | string[];
  /** Dev mode: watch the discovered node packages and reload them, restarting only the flows that use them. */
  dev?: boolean;
  /**
   * A second listener serving only /healthz and /metrics (e.g. for a Prometheus on another host);
   * each field overrides `metrics` in settings.json. Neither set: they are served by the main server only.
   */
  metrics?: MetricsBind;
  /**
   * Cluster mode (`--cluster`): the runtime joins the runtimes of the same cluster name on these
   * NATS servers; flows live in JetStream key-value buckets and run where their placement says.
   */
  cluster?: ClusterOptions;
}

/** A composed runtime: storage, registry, flow manager, admin API, event stream and metrics. */
export interface Runtime {
  /** Deploys the flows (full) and starts listening. Rejects on an invalid `flows` option or a bind error. */
  start(): Promise<void>;
  /** Closes the websocket clients, the HTTP server, then stops every flow. Safe to call twice. */
  stop(): Promise<void>;
  /** `http://host:port` once started. */
  readonly url: string;
  /** `http://host:port` of the separate /healthz and /metrics listener; undefined without one. */
  readonly metricsUrl: string | undefined;
  readonly bus: EventBus;
  readonly manager: FlowManager;
  readonly registry: NodeRegistry;
  readonly store: FlowStore;
  readonly settings: RuntimeSettings;
  readonly logger: Logger;
  /** Node credentials (decrypted in memory, encrypted in `<dataDir>/credentials.json`). */
  readonly credentials: CredentialStore;
  /** Users, sessions and audit log; undefined for headless runs. */
  readonly security: AdminSecurity | undefined;
  /** Custom node packages found at start-up, with their types or why they are not loaded. */
  readonly nodePackages: readonly NodePackageInfo[];
  /** Dev mode only: the package watcher (reload a package by name). */
  readonly nodePackageWatcher: NodePackageWatcher | undefined;
  /** Cluster mode, once joined: this runtime's part in the cluster. */
  readonly cluster: ClusterMember | undefined;
}

/**
 * The composition root. Loads the node registry and opens the stores right away (so a bad node
 * module, settings file or missing token fails before anything listens); `start()` then deploys
 * and listens. Throws `UserError` `auth_token_required` for a non-loopback host without a user
 * or token, and the credential store's errors (`credentials_wrong_key`...) for a wrong key.
 */
export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createLogger();
  const nodeModules = options.nodeModules ?? DEFAULT_NODE_MODULES;
  const settingsStore = await SettingsStore.open(options.dataDir);
  const settings = settingsStore.get();
  const adminApi = options.adminApi ?? true;
  const env = options.env ?? process.env;
  const envProblem = outboundEnvProblem(env);
  if (envProblem) throw new UserError('outbound_entry_invalid', envProblem);
  const credentials = await CredentialStore.open({ dataDir: options.dataDir, env });
  // Headless runs serve only /healthz and /metrics, which are open by design: no users or token needed.
  const security = adminApi
    ? await openSecurity({
        dataDir: options.dataDir,
        host,
        settings: settings.auth,
        token: options.token ?? env['MILLWRIGHT_TOKEN'],
        oidcClientSecret: env['MILLWRIGHT_OIDC_CLIENT_SECRET'],
        credentials,
        onAuditError: (err) => logger.error({ err }, 'could not write the audit log'),
      })
    : undefined;
  const installed = await loadInstalledNodes({
    nodeModules,
    nodesDirs: listOf(options.nodesDir),
    nodeModulesDirs: listOf(options.nodeModulesDir),
    dev: options.dev === true,
    onProblem: (p) =>
      logger.error(
        { event: 'node-package-failed', package: p.name, dir: p.dir },
        `node package "${p.name}" not loaded: ${p.error ?? ''}`,
      ),
  });
  const registry = installed.registry;
  const nodeDataDir = options.nodeDataDir ?? options.dataDir;
  const store = await FlowStore.open(options.dataDir, { keepSnapshots: settings.snapshots?.keep });
  const packages = packagesOf(nodeModules, installed.packages);
  const snapshotContext: SnapshotContext = () => ({
    settings: settingsWithoutSecrets(settings),
    packages,
    credentialKeys: credentialKeysOf(credentials),
  });
  const bus = new EventBus();
  // A shared host keeps the modules it imported, so a reloaded node package would stay stale in it:
  // dev mode runs each flow in a process of its own, which a reload replaces.
  const chosenIsolation = options.isolation ?? settings.engine?.isolation ?? 'pool';
  const isolation: FlowIsolation = options.dev && chosenIsolation === 'pool' ? 'process' : chosenIsolation;
  const manager = new FlowManager({
    registry,
    nodeModules: installed.workerModules,
    bus,
    isolation,
    ...((options.poolSize ?? settings.engine?.poolSize) !== undefined
      ? { poolSize: options.poolSize ?? settings.engine?.poolSize }
      : {}),
    credentials: (nodeId) => credentials.get(nodeId),
    ...(options.restartBackoffMs !== undefined ? { restartBackoffMs: options.restartBackoffMs } : {}),
    ...(nodeDataDir !== undefined ? { dataDir: nodeDataDir } : {}),
    // Read when a flow starts: by then the server listens, so its port is known.
    confinement: () =>
      confinementFrom({
        files: settings.files,
        outbound: settings.outbound,
        nodes: settings.nodes,
        dataDir: nodeDataDir,
        env,
        ...(options.outboundAllow ? { extraAllow: options.outboundAllow } : {}),
        ownPorts: [
          ...(server.listening ? [portOf(server)] : []),
          ...(metricsBind.port ? [metricsBind.port] : []),
          ...(metricsListener ? [Number(new URL(metricsListener.url).port)] : []),
        ],
      }),
    queueLimits: {
      ...(settings.engine?.queueHighWater !== undefined ? { highWater: settings.engine.queueHighWater } : {}),
      ...(settings.engine?.mailboxLimit !== undefined ? { mailboxLimit: settings.engine.mailboxLimit } : {}),
    },
    ...flowLimits(settings.limits),
  });
  // The flow hosts boot while the API comes up, so the stored flows find them ready.
  manager.prewarm(options.flows ? options.flows.length : store.flows().filter((f) => !f.disabled).length);
  const clusterConfig = options.cluster ? resolveClusterConfig(options.cluster) : undefined;
  let member: ClusterMember | undefined;
  const deployer = new DeployService({
    store,
    manager,
    registry,
    bus,
    credentials,
    audit: security?.audit,
    contextDefaults: settings.context,
    cluster: () => member,
    snapshotContext,
    exec: { enabled: settings.nodes?.exec?.enabled ?? false, allow: settings.nodes?.exec?.allow ?? [] },
  });
  const snapshots = new SnapshotService({ store, deployer, context: snapshotContext, audit: security?.audit });
  // Project folder mode: each deploy's snapshot is committed to a git working tree.
  const project = settings.project?.git
    ? await GitProject.open(
        resolve(options.dataDir ?? '.', settings.project.dir ?? 'project'),
        settings.project.dir === undefined,
      )
    : undefined;
  if (project)
    bus.on((e) => {
      if (e.type !== 'deploy') return;
      void store.snapshots
        .require(e.revision)
        .then((s) => project.commit(s.flows, s.tests, { author: s.author, message: s.message, revision: s.revision }))
        .catch((err: unknown) =>
          logger.error({ err, dir: project.dir }, 'project: the deploy was not committed to git'),
        );
    });
  let stream: EventStream | undefined;
  const metrics = createRuntimeMetrics({
    manager,
    bus,
    wsClients: () => stream?.clientCount ?? 0,
    outboxDir: nodeDataDir !== undefined ? join(nodeDataDir, OUTBOX_FOLDER) : undefined,
    connections: () => health.connectionStates(),
  });
  const health = new FlowHealth({ manager, bus, settings: settings.health });
  const app = createApp({
    manager,
    health,
    metrics,
    logger,
    ...(security
      ? {
          admin: {
            registry,
            store,
            deployer,
            snapshots,
            security,
            editorDir: options.editorDir ?? DEFAULT_EDITOR_DIR,
            nodeDataDir,
            routes: [
              nodePackagesRoutes(() => installed.packages),
              importRoutes({ registry }),
              clusterRoutes(() => member),
            ],
          },
        }
      : {}),
  });
  const server: Server = createServer(app);
  let url: string | undefined;
  let stopLogging: (() => void) | undefined;
  let stopping: Promise<void> | undefined;
  let watcher: NodePackageWatcher | undefined;
  let metricsListener: MetricsListener | undefined;
  const metricsBind: MetricsBind = { ...settings.metrics, ...definedOnly(options.metrics ?? {}) };

  let joinRetry: NodeJS.Timeout | undefined;
  let clusterLinksOpen: ClusterLinks | undefined;
  /** Joins the cluster; false (logged) when NATS cannot be reached. */
  const joinCluster = async (config: NonNullable<typeof clusterConfig>): Promise<boolean> => {
    let clusterStore: ClusterStore;
    try {
      clusterStore = await ClusterStore.open(config, 15_000);
    } catch (err) {
      logger.error(
        { err, servers: config.servers },
        'cluster: NATS unreachable; running the last known flows placed on every runtime, and retrying',
      );
      return false;
    }
    const clusterLinks = await ClusterLinks.open(clusterStore.nc, config.name, config.replicas, logger).catch(
      (err: unknown) => {
        logger.error({ err }, 'cluster: the link stream is not available; links between runtimes are off');
        return undefined;
      },
    );
    clusterLinksOpen = clusterLinks;
    const clusterQueues = await ClusterQueues.open(clusterStore.nc, config.name, config.replicas).catch(
      (err: unknown) => {
        logger.error({ err }, 'cluster: the queue stream is not available; store-and-forward queues stay on disk');
        return undefined;
      },
    );
    if (clusterQueues)
      manager.setQueueReplicas({
        covers: (flow) => flow.placement?.mode === 'once',
        load: (flowId, nodeId) => clusterQueues.load(flowId, nodeId),
        append: (flowId, nodeId, records, expect) => clusterQueues.append(flowId, nodeId, records, expect),
        compact: (flowId, nodeId, records, expect) => clusterQueues.compact(flowId, nodeId, records, expect),
      });
    const deliverLink = (flowId: string, nodeId: string, msg: FlowMessage, linkId: string) =>
      manager.deliverFromCluster(flowId, nodeId, msg, linkId);
    const m = new ClusterMember(clusterStore, config, {
      apply: (flows) => deployer.runFromCluster(flows),
      saveLocal: async (flows) => void (await store.save(flows)),
      importCredentials: async (d) => {
        if (d.credentials) await credentials.importSealed(d.credentials);
      },
      context: new ContextReplica(clusterStore, nodeDataDir, logger),
      running: async (flowIds) => clusterLinks?.sync(flowIds, deliverLink),
      standby: (flows, deployment) => manager.warmStandby(flows, deployment),
      health: () => (manager.states().some((s) => s.state === 'crashed') ? 'failing' : 'ok'),
      log: logger,
      version: RUNTIME_VERSION,
      url: () => url,
    });
    member = m;
    if (clusterLinks)
      manager.setRemoteLinks({
        // Targets in flows that run here are found locally first (FlowManager.route).
        ownerOf: (nodeId) => m.ownerOf(nodeId),
        nodeIds: () => m.nodeIds(),
        publish: (flowId, nodeId, msg) => clusterLinks.publish(flowId, nodeId, msg),
        taken: (ids) => clusterLinks.taken(ids),
      });
    await m.start([...store.flows()], store.revision);
    logger.info({ cluster: config.name, id: config.id, labels: config.labels }, 'cluster: joined');
    return true;
  };

  const deployInitial = async (): Promise<void> => {
    if (clusterConfig) {
      if (options.flows) await deployer.deploy({ flows: options.flows, mode: 'full' }).catch(() => undefined);
      if (await joinCluster(clusterConfig)) return;
      // Without NATS: the flows placed on every runtime run from the local copy; `once` flows wait
      // for a lease, which needs the cluster.
      await deployer.runFromCluster(flowsToRun(store.flows(), clusterConfig.labels, new Set()));
      const retry = (): void => {
        joinRetry = setTimeout(() => {
          void joinCluster(clusterConfig).then((ok) => (ok ? undefined : retry()));
        }, 5_000);
      };
      retry();
      return;
    }
    if (options.flows) {
      const r = await deployer.deploy({ flows: options.flows, mode: 'full' });
      logger.info({ revision: r.revision, changes: r.changes }, 'flows deployed');
      return;
    }
    const r = await deployer.deployStored();
    for (const i of r.skipped)
      logger.error({ event: 'invalid-stored-flow', path: i.pathString, code: i.code }, `not deployed: ${i.message}`);
    if (r.changes.started.length)
      logger.info({ revision: store.revision, changes: r.changes }, 'stored flows deployed');
  };

  return {
    bus,
    manager,
    registry,
    store,
    settings,
    logger,
    credentials,
    security,
    nodePackages: installed.packages,
    get nodePackageWatcher() {
      return watcher;
    },
    get cluster() {
      return member;
    },
    get url(): string {
      if (!url) throw new Error('the runtime is not started');
      return url;
    },
    get metricsUrl() {
      return metricsListener?.url;
    },
    async start() {
      stopLogging = logRuntimeEvents(bus, logger, options.logEvents ?? DEFAULT_LOGGED_EVENTS);
      logger.info(
        {
          nodeTypes: registry.types().length,
          nodeModules,
          nodePackages: installed.packages.map((p) => p.name),
          dataDir: options.dataDir ?? '(memory)',
        },
        'runtime starting',
      );
      if (security)
        logger[security.auth.open ? 'warn' : 'info']({ authRequired: !security.auth.open }, security.describe(host));
      for (const warning of credentials.warnings) logger.warn({ keyId: credentials.keyId }, warning);
      if (security)
        stream = new EventStream({
          server,
          bus,
          logger,
          authorize: (req) => websocketGrant(security.auth, req),
          onDrop: (n) => metrics.wsDropped.inc(n),
          limits: {
            ...(settings.limits?.wsClientBufferBytes !== undefined
              ? { maxPendingBytes: settings.limits.wsClientBufferBytes }
              : {}),
            ...(settings.limits?.wsFrameBytes !== undefined ? { maxFrameBytes: settings.limits.wsFrameBytes } : {}),
          },
        });
      // A start that fails half-way leaves nothing listening or running.
      const abandon = async (err: unknown): Promise<never> => {
        if (server.listening) {
          server.close();
          server.closeAllConnections();
        }
        await stream?.close();
        await manager.stop();
        throw err;
      };
      try {
        server.listen(options.port ?? 1880, host);
        await once(server, 'listening');
      } catch (err) {
        await abandon(err);
      }
      url = `http://${host.includes(':') ? `[${host}]` : host}:${portOf(server)}`;
      logger.info({ url }, 'runtime listening');
      // The API and the editor answer first; flows start after, concurrently, each reporting its
      // state (flow-state events to the editor, /healthz).
      await deployInitial().catch(async (err: unknown) => {
        // Invalid flows given to start or run fail the start; a flow that does not start (its host
        // crashed or timed out) is that flow's problem: it reports its state and restarts by itself.
        if (err instanceof ValidationError) return abandon(err);
        logger.error({ err }, 'a flow did not start; the runtime keeps serving');
      });
      if (options.dev && installed.loaded.length) {
        watcher = watchNodePackages({
          packages: installed.loaded,
          registry,
          flows: () => store.flows(),
          restartFlows: (ids) => manager.restartFlows(ids),
          emit: (e) => bus.emit(e),
          revision: () => store.revision,
        });
        logger.info({ packages: installed.loaded.map((p) => p.name) }, 'dev mode: watching node packages');
      }
      if (metricsBind.host !== undefined || metricsBind.port !== undefined) {
        metricsListener = await startMetricsListener({ bind: metricsBind, health, metrics, logger }).catch(abandon);
      }
    },
    stop() {
      stopping ??= (async () => {
        watcher?.close();
        await metricsListener?.close();
        await stream?.close();
        if (server.listening) {
          server.closeIdleConnections();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            setTimeout(() => server.closeAllConnections(), 1_000).unref();
          });
        }
        // Leases go back first, so another runtime takes the `once` flows while these stop.
        if (joinRetry) clearTimeout(joinRetry);
        await clusterLinksOpen?.close();
        // The flows stop before the leases go, so another runtime never runs one while it still runs here.
        await member
          ?.stop(() => manager.stop())
          .catch((err: unknown) => logger.warn({ err }, 'cluster: leaving failed'));
        await manager.stop();
        health.close();
        // Shutdown steps of the node families (the OPC UA browser's sessions...), after the flows.
        for (const ext of registry.extensions())
          await ext
            .shutdown?.()
            .catch((err: unknown) => logger.warn({ err, extension: ext.id }, 'shutdown step failed'));
        await security?.audit.close();
        stopLogging?.();
        logger.info('runtime stopped');
      })();
      return stopping;
    },
  };
}

/** The flow quotas and caps of settings.json `limits` that are set (see flow-limits.ts for the defaults). */
function flowLimits(limits: RuntimeSettings['limits']): Pick<FlowManagerOptions, 'limits' | 'startTimeoutMs'> {
  const set: Partial<FlowLimits> = {};
  if (limits?.globalContextEntries !== undefined) set.globalEntries = limits.globalContextEntries;
  if (limits?.globalContextBytes !== undefined) set.globalBytes = limits.globalContextBytes;
  if (limits?.nodeEventsPerSecond !== undefined) set.eventsPerSecond = limits.nodeEventsPerSecond;
  if (limits?.debugEventsPerSecond !== undefined) set.debugPerSecond = limits.debugEventsPerSecond;
  if (limits?.debugBytesPerSecond !== undefined) set.debugBytesPerSecond = limits.debugBytesPerSecond;
  if (limits?.logMessageChars !== undefined) set.logChars = limits.logMessageChars;
  return {
    limits: set,
    ...(limits?.flowStartTimeoutMs !== undefined ? { startTimeoutMs: limits.flowStartTimeoutMs } : {}),
  };
}

/** The fields of `bind` that are set, so they override settings.json field by field. */
function definedOnly(bind: MetricsBind): MetricsBind {
  return Object.fromEntries(Object.entries(bind).filter(([, v]) => v !== undefined));
}

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  return address.port;
}
