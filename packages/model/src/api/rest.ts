import type { Flow } from '../flow.js';
import type { ValidationIssue } from '../issues.js';
import type { DeployMode } from './events.js';

/** GET /api/flows */
export interface FlowsResponse {
  /** Changes on every deploy; send it back to detect conflicting edits. */
  revision: string;
  flows: Flow[];
}

/** POST /api/flows */
export interface DeployRequest {
  flows: Flow[];
  /** Defaults to `full`. */
  mode?: DeployMode;
  /** Revision the client loaded; a mismatch answers 409 instead of overwriting. */
  revision?: string;
  /**
   * Credentials typed in the editor, per node id: a string sets a key, `null` clears it. They are
   * stored encrypted, never in the flows, and never returned. Needs the `credentials:write` permission.
   */
  credentials?: Record<string, Record<string, string | null>>;
  /** Why: kept with the snapshot this deploy records (GET /api/snapshots). */
  message?: string;
  /**
   * Flow tests (`*.tests.json` content) per flow id, kept with the snapshot; left out, the tests of
   * the previous snapshot stay for the flows still deployed.
   */
  tests?: Record<string, unknown>;
}

export interface DeployResponse {
  revision: string;
  mode: DeployMode;
  /** Flows started, restarted, updated in place or stopped by this deploy. */
  changes: { started: string[]; restarted: string[]; updated: string[]; stopped: string[] };
  /** Id of the snapshot this deploy recorded (GET /api/snapshots/:id). */
  snapshot?: string;
}

/** Body of every non-2xx answer from the admin API. */
export interface ApiErrorBody {
  code: string;
  message: string;
  hint?: string;
  issues?: ValidationIssue[];
}

/** One entry of GET /api/nodes. Enough for the editor to build palette, ports and form. */
export interface NodeCatalogEntry {
  type: string;
  version: number;
  category: string;
  label: string;
  description: string;
  isConfig: boolean;
  inputs: number;
  /** Output port labels for the default config. */
  outputs: string[];
  /** When set, the number of outputs equals the length of this array config key (switch rules). */
  outputsFrom?: string;
  color?: string;
  icon?: string;
  /** False: not offered in the palette (import placeholders); existing nodes still draw and validate. */
  inPalette?: boolean;
  /** JSON Schema (draft 2020-12) of the config, generated from the node's zod schema. */
  configSchema: Record<string, unknown>;
  credentialsSchema?: Record<string, unknown>;
  /** Config of a freshly dropped node. */
  defaults: Record<string, unknown>;
}

/** POST /api/inject/:id */
export interface InjectResponse {
  ok: true;
}
