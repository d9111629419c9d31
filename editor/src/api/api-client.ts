import type {
  ApiErrorBody,
  AuthProvidersResponse,
  ChartSnapshot,
  ContextScopeView,
  DeployMode,
  DeployResponse,
  Flow,
  FlowsResponse,
  InjectResponse,
  LogoutResponse,
  MeResponse,
  NodeCatalogEntry,
  NodeRedImportResponse,
  OpcuaBrowseResponse,
  OutboxCommandResponse,
  OutboxEntriesResponse,
  OutboxListResponse,
  PromoteRequest,
  PromoteResult,
  RollbackRequest,
  RollbackResponse,
  Snapshot,
  SnapshotMeta,
  SnapshotsResponse,
} from '@millwright/model';
import type { ClusterViewResponse } from '../cluster/cluster-view.js';
import { hasShape, isErrorBody } from './guards.js';

/** A non-2xx answer of the admin API, with its `ApiErrorBody`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

/** A context scope of the running flows: the global context, a flow's or a node's. */
export type ContextTarget = 'global' | { flowId: string } | { nodeId: string };

/** The admin API as the editor uses it. All calls reject with `ApiError` on a non-2xx answer. */
/** Answer of `GET /api/isa95/paths` (nodes/enterprise/isa95-map/isa95-extension.ts). */
export interface Isa95PathsResponse {
  noun: string;
  /** The leaves of `tree`, in order. */
  paths: string[];
  /** The noun's model: objects, lists with their item `[0]`, typed leaves (`ModelTreeNode` there). */
  tree?: Isa95TreeNode;
}

/** One node of a B2MML noun's model tree: `path` is what a mapping target names. */
export interface Isa95TreeNode {
  name: string;
  path: string;
  /** `object`, `list`, or a leaf's value type (`string`, `number`, `dateTime`, `enum`, `number | string`). */
  type: string;
  required?: boolean;
  description?: string;
  values?: string[];
  children?: Isa95TreeNode[];
}

/** Answer of `POST /api/isa95/preview`: the XML, or faults with the mapping rows they come from. */
export type Isa95PreviewResponse =
  { ok: true; xml: string } | { ok: false; issues: Array<{ path: string; message: string; rows: number[] }> };

export interface ApiClient {
  nodes(): Promise<NodeCatalogEntry[]>;
  flows(): Promise<FlowsResponse>;
  /** `message` is kept with the snapshot the deploy records. */
  deploy(args: { flows: Flow[]; mode: DeployMode; revision?: string; message?: string }): Promise<DeployResponse>;
  /** Restarts deployed flows unchanged (`POST /api/flows/restart`): all, or the ids given. */
  restartFlows(flowIds?: string[]): Promise<{ restarted: string[] }>;
  inject(nodeId: string): Promise<InjectResponse>;
  /** The node's latest chart events (`GET /api/charts/:nodeId`). */
  charts(nodeId: string): Promise<ChartSnapshot>;
  /** Global, flow or node context of the running flows (`GET /api/context/...`), values cut. */
  context(target: ContextTarget): Promise<ContextScopeView>;
  /** Deletes one key of that context (`DELETE /api/context/...`, editor and up). */
  deleteContext(target: ContextTarget, key: string): Promise<void>;
  /** Converts a Node-RED export (`POST /api/import/node-red`); nothing is deployed or saved. */
  importNodeRed(nodeRedExport: unknown): Promise<NodeRedImportResponse>;
  /** Model paths of a B2MML document's noun, for the isa95-map target picker (`GET /api/isa95/paths`). */
  isa95Paths(document: string): Promise<Isa95PathsResponse>;
  /** Children of a node of the live OPC UA server of an endpoint config node (deployed flows). */
  opcuaBrowse(config: string, nodeId?: string): Promise<OpcuaBrowseResponse>;
  /** The B2MML an isa95-map config writes for a sample message (`POST /api/isa95/preview`), faults tied to rows. */
  isa95Preview(config: unknown, message: unknown): Promise<Isa95PreviewResponse>;
  /** Store-and-forward queues (`GET /api/outbox`). */
  outboxes(): Promise<OutboxListResponse>;
  /** Dead letters of one queue (`GET /api/outbox/:nodeId/dead`). */
  deadLetters(nodeId: string): Promise<OutboxEntriesResponse>;
  /** Requeues one dead letter, or all of the queue's without `id`; the node applies it within about 0.5 s. */
  replayDead(nodeId: string, id?: string): Promise<OutboxCommandResponse>;
  /** Discards one dead letter, or all of the queue's without `id`. */
  discardDead(nodeId: string, id?: string): Promise<OutboxCommandResponse>;
  /** The cluster's runtimes and placements (`GET /api/cluster`); 404 `not_clustered` on a single runtime. */
  cluster(): Promise<ClusterViewResponse>;
  /** Deploy history and named snapshots, newest first (`GET /api/snapshots`). */
  snapshots(): Promise<SnapshotsResponse>;
  /** One snapshot with its flows (`GET /api/snapshots/:id`). */
  snapshot(id: string): Promise<Snapshot>;
  /** Names a snapshot of the deployed flows (`POST /api/snapshots`). */
  createSnapshot(args: { name: string; message?: string }): Promise<SnapshotMeta>;
  /** Deploys a snapshot's flows again, as a normal deploy with its own new snapshot. */
  rollback(id: string, args: RollbackRequest): Promise<RollbackResponse>;
  /** Deploys a snapshot to another runtime if its flow tests pass there (admin); a refusal is a result, not an error. */
  promote(id: string, args: PromoteRequest): Promise<PromoteResult>;
  /** Who the editor acts as (`GET /api/auth/me`). */
  me(): Promise<MeResponse>;
  /** Sign-in ways besides a token (`GET /api/auth/providers`, no login needed). */
  authProviders(): Promise<AuthProvidersResponse>;
  /** Ends the login token; a single sign-on session answers the provider's logout URL. */
  logout(): Promise<LogoutResponse>;
  /** Changes the bearer token (after the user typed one). */
  setToken(token: string | undefined): void;
}

/** Talks to the runtime at `baseUrl` (same origin by default), with an optional bearer token. */
export function createApiClient(options: { baseUrl?: string; token?: string | undefined } = {}): ApiClient {
  const base = options.baseUrl ?? '';
  let token = options.token;

  async function call<T>(
    method: string,
    path: string,
    check: (value: unknown) => value is T,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers['authorization'] = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new ApiError(0, { code: 'network_error', message: `cannot reach the runtime: ${String(err)}` });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw new ApiError(res.status, toErrorBody(parsed, res));
    if (res.status === 204) parsed = {};
    if (!check(parsed))
      throw new ApiError(res.status, { code: 'bad_response', message: `unexpected answer from ${method} ${path}` });
    return parsed;
  }

  return {
    nodes: () => call('GET', '/api/nodes', (v): v is NodeCatalogEntry[] => Array.isArray(v)),
    flows: () => call('GET', '/api/flows', (v) => hasShape<FlowsResponse>(v, { revision: 'string', flows: 'array' })),
    deploy: (args) =>
      call('POST', '/api/flows', (v) => hasShape<DeployResponse>(v, { revision: 'string', mode: 'string' }), args),
    restartFlows: (flowIds) =>
      call(
        'POST',
        '/api/flows/restart',
        (v): v is { restarted: string[] } => hasShape<{ restarted: string[] }>(v, { restarted: 'array' }),
        flowIds ? { flows: flowIds } : {},
      ),
    inject: (nodeId) =>
      call('POST', `/api/inject/${encodeURIComponent(nodeId)}`, (v) => hasShape<InjectResponse>(v, { ok: 'boolean' })),
    charts: (nodeId) =>
      call('GET', `/api/charts/${encodeURIComponent(nodeId)}`, (v) =>
        hasShape<ChartSnapshot>(v, { nodeId: 'string', events: 'array' }),
      ),
    context: (target) =>
      call('GET', contextPath(target), (v) => hasShape<ContextScopeView>(v, { scope: 'string', entries: 'array' })),
    deleteContext: async (target, key) => {
      await call('DELETE', `${contextPath(target)}/${encodeURIComponent(key)}`, (v): v is object => v !== undefined);
    },
    importNodeRed: (nodeRedExport) =>
      call(
        'POST',
        '/api/import/node-red',
        (v) => hasShape<NodeRedImportResponse>(v, { flows: 'array', report: 'object' }),
        nodeRedExport,
      ),
    opcuaBrowse: (config, nodeId) =>
      call(
        'GET',
        `/api/opcua/browse?config=${encodeURIComponent(config)}${nodeId ? `&nodeId=${encodeURIComponent(nodeId)}` : ''}`,
        (v) => hasShape<OpcuaBrowseResponse>(v, { nodeId: 'string', children: 'array' }),
      ),
    isa95Paths: (document) =>
      call('GET', `/api/isa95/paths?document=${encodeURIComponent(document)}`, (v) =>
        hasShape<Isa95PathsResponse>(v, { noun: 'string', paths: 'array' }),
      ),
    isa95Preview: (config, message) =>
      call('POST', '/api/isa95/preview', (v) => hasShape<Isa95PreviewResponse>(v, { ok: 'boolean' }), {
        config,
        message,
      }),
    outboxes: () =>
      call('GET', '/api/outbox', (v) => hasShape<OutboxListResponse>(v, { durable: 'boolean', outboxes: 'array' })),
    deadLetters: (nodeId) =>
      call('GET', `/api/outbox/${encodeURIComponent(nodeId)}/dead`, (v) =>
        hasShape<OutboxEntriesResponse>(v, { nodeId: 'string', entries: 'array' }),
      ),
    replayDead: (nodeId, id) =>
      call('POST', `${deadPath(nodeId, id)}/replay`, (v) =>
        hasShape<OutboxCommandResponse>(v, { op: 'string', ids: 'array' }),
      ),
    discardDead: (nodeId, id) =>
      call('DELETE', deadPath(nodeId, id), (v) => hasShape<OutboxCommandResponse>(v, { op: 'string', ids: 'array' })),
    cluster: () =>
      call('GET', '/api/cluster', (v) =>
        hasShape<ClusterViewResponse>(v, {
          cluster: 'string',
          self: 'string',
          connected: 'boolean',
          runtimes: 'array',
          placement: 'array',
        }),
      ),
    snapshots: () => call('GET', '/api/snapshots', (v) => hasShape<SnapshotsResponse>(v, { snapshots: 'array' })),
    snapshot: (id) =>
      call('GET', `/api/snapshots/${encodeURIComponent(id)}`, (v) =>
        hasShape<Snapshot>(v, { id: 'string', flows: 'array' }),
      ),
    createSnapshot: (args) =>
      call('POST', '/api/snapshots', (v) => hasShape<SnapshotMeta>(v, { id: 'string', time: 'string' }), args),
    rollback: (id, args) =>
      call(
        'POST',
        `/api/snapshots/${encodeURIComponent(id)}/rollback`,
        (v) => hasShape<RollbackResponse>(v, { revision: 'string', snapshot: 'object' }),
        args,
      ),
    promote: (id, args) =>
      call(
        'POST',
        `/api/snapshots/${encodeURIComponent(id)}/promote`,
        (v) => hasShape<PromoteResult>(v, { promoted: 'boolean', target: 'string' }),
        args,
      ),
    me: () => call('GET', '/api/auth/me', (v) => hasShape<MeResponse>(v, { username: 'string', role: 'string' })),
    authProviders: () => call('GET', '/api/auth/providers', (v) => hasShape<AuthProvidersResponse>(v, {})),
    logout: () => call('POST', '/api/auth/logout', (v) => hasShape<LogoutResponse>(v, {})),
    setToken(next) {
      token = next;
    },
  };
}

function deadPath(nodeId: string, id: string | undefined): string {
  return `/api/outbox/${encodeURIComponent(nodeId)}/dead${id !== undefined ? `/${encodeURIComponent(id)}` : ''}`;
}

function toErrorBody(parsed: unknown, res: Response): ApiErrorBody {
  if (isErrorBody(parsed)) return parsed;
  return { code: `http_${res.status}`, message: `${res.status} ${res.statusText}` };
}

function contextPath(target: ContextTarget): string {
  if (target === 'global') return '/api/context/global';
  return 'flowId' in target
    ? `/api/context/flow/${encodeURIComponent(target.flowId)}`
    : `/api/context/node/${encodeURIComponent(target.nodeId)}`;
}
