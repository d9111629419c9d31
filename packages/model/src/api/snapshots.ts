import type { Flow } from '../flow.js';
import type { FlowDiff } from '../flow-diff.js';
import type { DeployMode } from './events.js';

/** One entry of GET /api/snapshots: what a snapshot is, without its content. */
export interface SnapshotMeta {
  /** `<revision>` for the snapshot a deploy recorded, `<revision>.<name slug>` for a named one. */
  id: string;
  /** Set for named snapshots (POST /api/snapshots); they are kept until deleted. */
  name?: string;
  /** Who deployed or named it: a username, `service-token`, `open-access`, `cli` or `runtime`. */
  author: string;
  /** ISO time it was recorded. */
  time: string;
  mode: DeployMode;
  message?: string;
  /** Revision of the flows it holds. */
  revision: string;
  flowCount: number;
}

/** A node package the flows ran with: name and version. */
export interface SnapshotPackage {
  name: string;
  version?: string;
}

/** GET /api/snapshots/:id: the whole snapshot. Never holds a secret value. */
export interface Snapshot extends SnapshotMeta {
  flows: Flow[];
  /** settings.json without its secret keys (`auth.token`, `auth.oidc.clientSecret`...). */
  settings: Record<string, unknown>;
  packages: SnapshotPackage[];
  /** Credential key names per node id (`{ "broker1": ["password"] }`), never values. */
  credentialKeys: Record<string, string[]>;
  /** Flow tests (`*.tests.json` content) per flow id, when deploys brought them (CLI import, bundles). */
  tests: Record<string, unknown>;
}

/** GET /api/snapshots */
export interface SnapshotsResponse {
  /** Newest first. */
  snapshots: SnapshotMeta[];
}

/** POST /api/snapshots */
export interface CreateSnapshotRequest {
  name: string;
  message?: string;
}

/** POST /api/snapshots/:id/rollback */
export interface RollbackRequest {
  message?: string;
  /** Revision the client loaded; a mismatch answers 409 `revision_conflict` as a deploy does. */
  revision?: string;
}

/** Answer of POST /api/snapshots/:id/rollback: the new revision and the snapshot the rollback deploy recorded. */
export interface RollbackResponse {
  revision: string;
  snapshot: SnapshotMeta;
}

/** GET /api/snapshots/:a/diff/:b (`b` may be `current`): the semantic diff from a to b. */
export type SnapshotDiffResponse = FlowDiff;

/** POST /api/snapshots/:id/promote (admin): the runtime itself promotes to `target`. */
export interface PromoteRequest {
  /** The target runtime's URL. */
  target: string;
  /** A token of the target with flows:deploy and credentials:write. Used once, never stored. */
  token?: string;
  /** Credential values for the target, per node id; deployed there, never kept in a snapshot. */
  credentials?: Record<string, Record<string, string>>;
  /** Promote a snapshot that carries no flow tests. */
  allowUntested?: boolean;
  message?: string;
}

/** What `millwright promote` and POST /api/snapshots/:id/promote answer (refusals too). */
export interface PromoteResult {
  promoted: boolean;
  snapshot: string;
  target: string;
  /** The target's new revision, when promoted. */
  revision?: string;
  /** Credential keys the flows use that the target has not set: `<node id>.<key>`. */
  missingCredentials?: string[];
  /** The flow test run on the target: counts, and each file's cases (the `millwright test --reporter json` shape). */
  tests?: { passed: number; failed: number; durationMs: number; files: unknown[] };
  /** The test report as `millwright test` prints it (failing cases with expected and actual). */
  report?: string[];
  /** Why it was refused. */
  reason?: string;
}
