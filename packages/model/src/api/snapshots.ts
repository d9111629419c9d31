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
