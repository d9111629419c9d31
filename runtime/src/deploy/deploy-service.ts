import {
  fromZodIssues,
  issue,
  UserError,
  ValidationError,
  type DeployMode,
  type DeployResponse,
  type Flow,
  type Role,
  type ValidationIssue,
} from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import type { AuditLog } from '../audit/audit-log.js';
import type { CredentialStore } from '../credentials/credential-store.js';
import { prepareDeployCredentials } from '../credentials/deploy-credentials.js';
import type { ClusterMember } from '../cluster/cluster-member.js';
import type { FlowManager } from '../engine/flow-manager.js';
import type { EventBus } from '../events/event-bus.js';
import type { FlowStore } from '../storage/flow-store.js';
import { flowTestFileSchema } from '../flow-test/test-file.js';
import type { SnapshotContext } from '../snapshots/snapshot-facts.js';
import { expandSubflows } from '@millwright/model/subflows';
import { checkFlows } from './check-flows.js';
import { assertExecRole, execIssues, type ExecSettings } from './exec-gate.js';
import { withContextDefaults, type ContextDefaults } from './context-defaults.js';

const MODES: readonly DeployMode[] = ['full', 'flows', 'nodes'];

export interface DeployServiceOptions {
  store: FlowStore;
  manager: FlowManager;
  registry: NodeRegistry;
  bus: EventBus;
  /**
   * Encrypted credentials. Requests may then carry `credentials` (stored encrypted, never in the
   * flows), and entries of nodes that are in no flow any more are removed.
   */
  credentials?: CredentialStore | undefined;
  /** Where API deploys are recorded: who, revision, mode, flow ids, credential key names. */
  audit?: AuditLog | undefined;
  /** The context store of flows that set none (settings.json `context`); see {@link withContextDefaults}. */
  contextDefaults?: ContextDefaults | undefined;
  /**
   * Cluster mode: deploys are published to the cluster (the single source of truth) and only the
   * flows placed on this runtime run here. Undefined: one runtime, no cluster (or not joined yet).
   */
  cluster?: () => ClusterMember | undefined;
  /** Settings (without secrets), node packages and credential key names for each deploy's snapshot. */
  snapshotContext?: SnapshotContext | undefined;
  /** settings.json `nodes.exec`: exec nodes are refused unless enabled (decision 0032). */
  exec?: ExecSettings | undefined;
}

/** Longest deploy message kept with a snapshot. */
const MAX_MESSAGE = 1_000;

/** Who asked for a deploy, for the audit log. */
export interface DeployActor {
  username: string;
  ip?: string | undefined;
  /** The caller's role: a new or changed exec node needs `admin`. */
  role?: Role | undefined;
}

/**
 * The one path by which flows get deployed (admin API, CLI import, start-up): check, compare
 * revisions, save, run, announce. Deploys run one at a time so a revision check and the save that
 * follows it cannot interleave with another deploy.
 */
export class DeployService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DeployServiceOptions) {}

  /**
   * Deploys a `DeployRequest` body (unvalidated). Nothing is saved or run unless every flow is
   * valid. Throws `UserError` `invalid_request` (bad envelope or mode), `ValidationError`
   * (`invalid_flow`, with issue paths like `$[0].nodes[1].config.timeoutMs`) or `revision_conflict`
   * when `revision` is given and is not the stored one. Credentials are checked with the flows
   * and saved before them. With `actor`, the deploy is audited.
   */
  deploy(body: unknown, actor?: DeployActor): Promise<DeployResponse> {
    const run = this.queue.then(() => this.apply(body, actor));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs the stored flows (full deploy) at start-up without saving. Flows were valid when saved,
   * but installed node types may have changed since: flows that no longer check out are skipped
   * and their faults returned, so the others still run.
   */
  deployStored(): Promise<{ changes: DeployResponse['changes']; skipped: ValidationIssue[] }> {
    const run = this.queue.then(async () => {
      const { store, manager, registry } = this.options;
      const stored = [...store.flows()];
      const check = checkFlows(stored, registry);
      if (check.ok) return { changes: await this.run(check.flows, 'full'), skipped: [] };
      const bad = new Set(check.issues.map((i) => i.path[0]));
      const rest = checkFlows(
        stored.filter((_f, i) => !bad.has(i)),
        registry,
      );
      // Removing a flow can break references from others (shared config nodes): then run none.
      const changes = await this.run(rest.ok ? rest.flows : [], 'full');
      const issuesOf = (index: number) =>
        check.issues
          .filter((issue) => issue.path[0] === index)
          .map((issue) => ({ path: issue.pathString, code: issue.code, message: issue.message }));
      const leftOut = { path: '$', code: 'left_out', message: 'not run: other stored flows failed their checks' };
      manager.setInvalid(
        stored.flatMap((f, i) =>
          bad.has(i) || !rest.ok ? [{ flowId: flowIdOf(f, i), issues: bad.has(i) ? issuesOf(i) : [leftOut] }] : [],
        ),
      );
      return { changes, skipped: check.issues };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Restarts deployed flows without changing them (all, or the ids given): each gets a fresh host
   * slot and fresh node state, as Node-RED's "restart flows". A deploy never restarts an unchanged
   * flow, so this is the way to. Resolves with the ids restarted; audited with an actor.
   */
  restart(body: unknown, actor?: DeployActor): Promise<{ restarted: string[] }> {
    const run = this.queue.then(async () => {
      const ids: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'flows') : undefined;
      if (ids !== undefined && (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string')))
        throw new UserError('invalid_request', '"flows" must be an array of flow ids, or absent for every flow');
      const { store, manager, audit } = this.options;
      const wanted = (ids as string[] | undefined) ?? store.flows().map((f) => f.id);
      const restarted = await manager.restartFlows(wanted);
      if (actor && audit)
        await audit.record({
          action: 'restart',
          actor: actor.username,
          ...(actor.ip ? { ip: actor.ip } : {}),
          details: { flows: restarted },
        });
      return { restarted };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Cluster mode: runs the flows the cluster places here (`flows` deploy: unchanged flows are not
   * touched). Flows a runtime cannot run (a node type not installed here) are skipped and reported
   * as invalid, as at start-up.
   */
  runFromCluster(flows: Flow[]): Promise<void> {
    const run = this.queue.then(async () => {
      // The whole deployment is stored here: a link-out may name a link-in of a flow placed elsewhere.
      const deployment = this.options.store.flows();
      const check = checkFlows(flows, this.options.registry, deployment);
      if (check.ok) {
        await this.run(check.flows, 'flows');
        return;
      }
      const bad = new Set(check.issues.map((i) => i.path[0]));
      const rest = checkFlows(
        flows.filter((_f, i) => !bad.has(i)),
        this.options.registry,
        deployment,
      );
      await this.run(rest.ok ? rest.flows : [], 'flows');
      this.options.manager.setInvalid(
        flows.flatMap((f, i) =>
          bad.has(i)
            ? [
                {
                  flowId: f.id,
                  issues: check.issues
                    .filter((issue) => issue.path[0] === i)
                    .map((issue) => ({ path: issue.pathString, code: issue.code, message: issue.message })),
                },
              ]
            : [],
        ),
      );
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Hands checked flows to the flow manager, as they run (the runtime's context defaults applied). */
  private run(flows: Flow[], mode: DeployMode): Promise<DeployResponse['changes']> {
    const defaults = this.options.contextDefaults;
    // Subflow instances become namespaced copies of their definitions; definitions do not run.
    return this.options.manager.deploy(
      expandSubflows(flows, { catalog: this.options.registry }).map((f) => withContextDefaults(f, defaults)),
      mode,
    );
  }

  private async apply(body: unknown, actor: DeployActor | undefined): Promise<DeployResponse> {
    const { store, registry, bus, credentials, audit } = this.options;
    const request = parseRequest(body);
    const check = checkFlows(request.flows, registry);
    if (!check.ok) throw new ValidationError(check.issues);
    const execProblems = execIssues(check.flows, this.options.exec);
    if (execProblems.length) throw new ValidationError(execProblems);
    assertExecRole(check.flows, store.flows(), actor?.role);
    const secrets = prepareDeployCredentials({
      store: credentials,
      registry,
      flows: check.flows,
      updates: request.credentials,
    });
    if (request.revision !== undefined && request.revision !== store.revision)
      throw new UserError(
        'revision_conflict',
        `the flows changed since you loaded them (you have revision ${request.revision}, the runtime has ${store.revision})`,
      );
    const credentialChanges = secrets && credentials ? await credentials.apply(secrets) : [];
    const revision = await store.save(check.flows, {
      author: actor?.username ?? 'runtime',
      mode: request.mode,
      message: request.message,
      tests: request.tests ?? (await this.testsKept(check.flows)),
      ...this.options.snapshotContext?.(),
    });
    const cluster = this.options.cluster?.();
    // In a cluster the deployment goes to NATS first: every runtime follows it from there.
    if (cluster)
      await cluster.publish(
        check.flows,
        revision,
        credentials?.sealedFor(
          check.flows.flatMap((f) => [...f.nodes.map((n) => n.id), ...(f.configs ?? []).map((c) => c.id)]),
        ),
      );
    const here = cluster ? cluster.select(check.flows) : check.flows;
    const changes = await this.run(here, request.mode);
    cluster?.noteApplied(here);
    bus.emit({ type: 'deploy', time: Date.now(), revision, mode: request.mode });
    if (actor && audit)
      await audit.record({
        action: 'deploy',
        actor: actor.username,
        ...(actor.ip ? { ip: actor.ip } : {}),
        details: {
          revision,
          mode: request.mode,
          flows: check.flows.map((f) => f.id),
          ...(request.message ? { message: request.message } : {}),
          ...(credentialChanges.length ? { credentials: credentialChanges } : {}),
        },
      });
    return { revision, mode: request.mode, changes, snapshot: revision };
  }

  /** The flow tests of the current snapshot for the flows still deployed (a deploy that brings none keeps them). */
  private async testsKept(flows: readonly Flow[]): Promise<Record<string, unknown>> {
    const { store } = this.options;
    const current = await store.snapshots.get(store.revision).catch(() => undefined);
    const ids = new Set(flows.map((f) => f.id));
    return Object.fromEntries(Object.entries(current?.tests ?? {}).filter(([id]) => ids.has(id)));
  }
}

interface ParsedRequest {
  flows: unknown;
  mode: DeployMode;
  revision?: string;
  credentials?: unknown;
  message?: string;
  tests?: Record<string, unknown>;
}

function parseRequest(body: unknown): ParsedRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new UserError('invalid_request', 'expected a JSON object { flows, mode?, revision? }');
  const flows: unknown = Reflect.get(body, 'flows');
  const mode: unknown = Reflect.get(body, 'mode') ?? 'full';
  const revision: unknown = Reflect.get(body, 'revision');
  if (!Array.isArray(flows)) throw new UserError('invalid_request', '"flows" must be an array of flows');
  const known = MODES.find((m) => m === mode);
  if (!known) throw new UserError('invalid_request', `"mode" must be one of ${MODES.join(', ')}`);
  if (revision !== undefined && typeof revision !== 'string')
    throw new UserError('invalid_request', '"revision" must be a string');
  const credentials: unknown = Reflect.get(body, 'credentials');
  const message: unknown = Reflect.get(body, 'message');
  if (message !== undefined && (typeof message !== 'string' || message.length > MAX_MESSAGE))
    throw new UserError('invalid_request', `"message" must be a string of at most ${MAX_MESSAGE} characters`);
  const tests = parseTests(Reflect.get(body, 'tests'), flows);
  return {
    flows,
    mode: known,
    ...(revision !== undefined ? { revision } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    ...(message ? { message } : {}),
    ...(tests ? { tests } : {}),
  };
}

/** `tests`: `{ [flowId]: <*.tests.json content> }`, each checked against the flow test format; kept as given. */
function parseTests(tests: unknown, flows: unknown[]): Record<string, unknown> | undefined {
  if (tests === undefined) return undefined;
  if (typeof tests !== 'object' || tests === null || Array.isArray(tests))
    throw new UserError('invalid_request', '"tests" must be an object { [flowId]: <tests file> }');
  const ids = new Set(flows.map((f, i) => flowIdOf(f, i)));
  const issues = Object.entries(tests).flatMap(([id, spec]) => {
    if (!ids.has(id)) return [issue(['tests', id], 'unknown_flow', `no flow "${id}" in this deploy`)];
    const parsed = flowTestFileSchema.safeParse(spec);
    return parsed.success ? [] : fromZodIssues(parsed.error.issues, ['tests', id]);
  });
  if (issues.length) throw new ValidationError(issues);
  return tests as Record<string, unknown>;
}

/** A stored flow's id, or its position when it has none. */
function flowIdOf(flow: unknown, index: number): string {
  const id: unknown = typeof flow === 'object' && flow !== null ? Reflect.get(flow, 'id') : undefined;
  return typeof id === 'string' ? id : `#${index}`;
}
