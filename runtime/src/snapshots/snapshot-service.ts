import {
  diffFlows,
  UserError,
  type FlowDiff,
  type PromoteResult,
  type RollbackResponse,
  type Snapshot,
  type SnapshotMeta,
} from '@millwright/model';
import type { AuditLog } from '../audit/audit-log.js';
import type { DeployActor, DeployService } from '../deploy/deploy-service.js';
import type { FlowStore } from '../storage/flow-store.js';
import type { SnapshotContext } from './snapshot-facts.js';
import { RuntimeClient } from '../remote/runtime-client.js';
import { promote } from './promote.js';
import { metaOf } from './snapshot-store.js';

/** Longest snapshot name. */
const MAX_NAME = 100;

/** `b` of a diff that means the deployed flows. */
export const CURRENT = 'current';

/**
 * What the API and the CLI do with snapshots: list, read, name the current flows, delete, roll
 * back (a normal deploy through {@link DeployService}: checks, revision guard, audit, and a new
 * snapshot of its own) and diff. The snapshots themselves live in the flow store.
 */
export class SnapshotService {
  constructor(
    private readonly options: {
      store: FlowStore;
      deployer: DeployService;
      context?: SnapshotContext | undefined;
      audit?: AuditLog | undefined;
    },
  ) {}

  list(): Promise<SnapshotMeta[]> {
    return this.options.store.snapshots.list();
  }

  get(id: string): Promise<Snapshot> {
    return this.options.store.snapshots.require(id);
  }

  /** Names a snapshot of the deployed flows (and their current tests). */
  async create(body: unknown, actor: DeployActor): Promise<SnapshotMeta> {
    const name = field(body, 'name');
    const message = field(body, 'message');
    if (!name || name.length > MAX_NAME)
      throw new UserError('invalid_request', `"name" must be a text of 1 to ${MAX_NAME} characters`);
    const { store } = this.options;
    const current = await store.snapshots.get(store.revision).catch(() => undefined);
    const snapshot = await store.snapshots.addNamed(store.current(), {
      name,
      message,
      author: actor.username,
      mode: current?.mode ?? 'full',
      tests: current?.tests ?? {},
      ...this.options.context?.(),
    });
    await this.audit('snapshot-create', actor, { snapshot: snapshot.id, revision: snapshot.revision });
    return metaOf(snapshot);
  }

  /** Deletes a snapshot; not the one of the deployed revision (the restore point of a damaged flows.json). */
  async remove(id: string, actor: DeployActor): Promise<void> {
    await this.get(id);
    if (id === this.options.store.revision)
      throw new UserError('snapshot_current', `snapshot "${id}" is what runs now; it is kept until the next deploy`);
    await this.options.store.snapshots.remove(id);
    await this.audit('snapshot-delete', actor, { snapshot: id });
  }

  /** Deploys the flows (and tests) of snapshot `id`; `revision` in the body guards as for a deploy. */
  async rollback(id: string, body: unknown, actor: DeployActor): Promise<RollbackResponse> {
    const snapshot = await this.get(id);
    const message = field(body, 'message');
    const revision = field(body, 'revision');
    const result = await this.options.deployer.deploy(
      {
        flows: snapshot.flows,
        // Only the flows that differ restart; the others keep running.
        mode: 'flows',
        message: `rollback to ${snapshot.id}${message ? `: ${message}` : ''}`,
        tests: snapshot.tests,
        ...(revision ? { revision } : {}),
      },
      actor,
    );
    await this.audit('rollback', actor, { snapshot: snapshot.id, revision: result.revision });
    const recorded = await this.get(result.snapshot ?? result.revision);
    return { revision: result.revision, snapshot: metaOf(recorded) };
  }

  /** diffFlows from snapshot `a` to snapshot `b`, or to the deployed flows when `b` is `current`. */
  async diff(a: string, b: string): Promise<FlowDiff> {
    const before = await this.get(a);
    const after = b === CURRENT ? [...this.options.store.flows()] : (await this.get(b)).flows;
    return diffFlows(before.flows, after);
  }

  /**
   * Promotes snapshot `id` to the runtime at `target` behind the test and credential gates
   * (see `promote`). A refusal is an answer (`promoted: false`); a target that cannot be reached
   * or refuses the token is a 502 `promote_target_failed`, never the target's own status.
   */
  async promote(id: string, body: unknown, actor: DeployActor): Promise<PromoteResult> {
    const snapshot = await this.get(id);
    const target = field(body, 'target');
    if (!target || !/^https?:\/\/[^/]/.test(target))
      throw new UserError('invalid_request', '"target" must be the http(s) URL of a runtime');
    const credentials: unknown =
      typeof body === 'object' && body !== null ? Reflect.get(body, 'credentials') : undefined;
    if (credentials !== undefined && (typeof credentials !== 'object' || credentials === null))
      throw new UserError('invalid_request', '"credentials" must be an object { [nodeId]: { key: value } }');
    const message = field(body, 'message');
    const allowUntested = typeof body === 'object' && body !== null && Reflect.get(body, 'allowUntested') === true;
    let result: PromoteResult;
    try {
      result = await promote({
        snapshot,
        target: new RuntimeClient(target.replace(/\/+$/, ''), field(body, 'token')),
        tests: snapshot.tests,
        credentials: credentials as Record<string, Record<string, string>> | undefined,
        allowUntested,
        message: `promoted ${snapshot.id} by ${actor.username}${message ? `: ${message}` : ''}`,
      });
    } catch (err) {
      throw new UserError('promote_target_failed', err instanceof Error ? err.message : String(err));
    }
    await this.audit('promote', actor, {
      snapshot: snapshot.id,
      target,
      promoted: result.promoted,
      ...(result.revision ? { revision: result.revision } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.missingCredentials ? { missingCredentials: result.missingCredentials } : {}),
    });
    return result;
  }

  private async audit(
    action: 'snapshot-create' | 'snapshot-delete' | 'rollback' | 'promote',
    actor: DeployActor,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.options.audit?.record({
      action,
      actor: actor.username,
      ...(actor.ip ? { ip: actor.ip } : {}),
      details,
    });
  }
}

/** A string field of a JSON body, or undefined; a non-string value is a 400. */
function field(body: unknown, key: string): string | undefined {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UserError('invalid_request', `"${key}" must be a string`);
  return value;
}
