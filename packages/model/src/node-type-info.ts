import type { PathSegment } from './issues.js';

/** A fault in a node's config, relative to the config object. */
export interface ConfigFault {
  path: PathSegment[];
  code: string;
  message: string;
}

/**
 * What validation needs to know about a node type. The SDK builds this from a node definition;
 * the model only consumes it, so it stays free of node code.
 */
export interface NodeTypeInfo {
  type: string;
  /** Current type version; flows with a lower `typeVersion` are migrated first. */
  version: number;
  /** True for config nodes (shared connections), which live in `flow.configs`. */
  isConfig: boolean;
  /** Number of input ports (0 or 1). */
  inputs: number;
  /** Number of output ports for a given config (a switch has one per rule). */
  outputCount(config: Record<string, unknown>): number;
  /** Validates a config that is already at `version`. Returns no faults when valid. */
  validateConfig(config: Record<string, unknown>): ConfigFault[];
  /** Top-level config keys that hold the id of a config node, with the config node type they need. */
  configRefs: ReadonlyArray<{ key: string; type: string }>;
  /**
   * Top-level config keys that hold ids of other nodes (a string or a list of strings): link-out
   * targets, catch and status scopes. Validation refuses ids that name no node of an allowed type.
   */
  nodeRefs?: ReadonlyArray<NodeRef>;
  /** Upgrades a config from `fromVersion` to `fromVersion + 1`. Missing steps are an error. */
  migrate?: (fromVersion: number, config: Record<string, unknown>) => Record<string, unknown>;
}

/** A config key that names other nodes by id (schema meta `nodeRef`). */
export interface NodeRef {
  key: string;
  /** Node types the ids may name; any node when absent. */
  types?: readonly string[];
  /** The named nodes must be in the same flow (catch and status scopes); otherwise any flow. */
  sameFlow?: boolean;
}

/** Looks up node types by name. */
export interface NodeCatalog {
  get(type: string): NodeTypeInfo | undefined;
}
