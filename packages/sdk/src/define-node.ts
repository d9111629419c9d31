import type { z } from 'zod';
import type { NodeContext, NodeHandlers } from './node-context.js';

/** A zod object schema for a node's config or credentials. */
export type ConfigSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

/**
 * A node type. Its `config` schema is the single source for validation, the editor form
 * (JSON Schema via GET /api/nodes) and the generated docs.
 */
export interface NodeDefinition<S extends ConfigSchema = ConfigSchema, KS extends ConfigSchema = ConfigSchema> {
  /** Stable kebab-case type id, e.g. `opcua-read`. Part of every flow file: never rename. */
  type: string;
  /** Palette group, e.g. `core`, `function`, `network`, `quality`. */
  category: string;
  /** Current config version; bump it with a migration when a config key changes meaning. */
  version: number;
  label?: string;
  /** One paragraph for the palette tooltip and the docs. */
  description: string;
  /** 0 for sources, 1 for everything else. */
  inputs: 0 | 1;
  /** Output port labels. */
  outputs: readonly string[];
  /**
   * For nodes whose outputs depend on config (switch): the port labels for a config.
   * The editor gets `outputsFrom` to recompute the count live.
   */
  outputsFor?: (config: z.output<S>) => readonly string[];
  outputsFrom?: string;
  /** True for config nodes (shared connections such as a broker). They have no ports. */
  isConfig?: boolean;
  color?: string;
  icon?: string;
  /** False for nodes users do not place themselves (import placeholders): left out of the palette and quick-add. */
  inPalette?: boolean;
  config: S;
  credentials?: KS;
  /** Config of a freshly dropped node; defaults to what the schema produces from `{}`. */
  defaults?: z.input<S>;
  /** `migrations[v]` upgrades a config from version v to v + 1. */
  migrations?: Record<number, (config: Record<string, unknown>) => Record<string, unknown>>;
  /**
   * Loads ahead what `setup` would load lazily (a large client library), without creating
   * anything: a cluster runtime on standby for a flow calls it, so taking the flow over does not
   * wait for the import.
   */
  warmup?(): Promise<unknown>;
  /** Creates a node instance. May be async (connect first). Errors mark the node failed. */
  setup(ctx: NodeContext<z.output<S>, z.output<KS>>): NodeHandlers | Promise<NodeHandlers>;
}

/** A node definition with its schema types erased, as stored in a registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance: a registry holds definitions of any config type
export type AnyNodeDefinition = NodeDefinition<any, any>;

/**
 * Declares a node type. Returns the definition unchanged, typed so that `setup` sees its config
 * and credentials as inferred from the schemas.
 *
 * @example
 * export default defineNode({
 *   type: 'scale', category: 'function', version: 1, description: 'Multiplies the payload.',
 *   inputs: 1, outputs: ['out'], config: z.object({ factor: z.number().default(2) }),
 *   setup(ctx) { return { input(msg) { ctx.send({ ...msg, payload: Number(msg.payload) * ctx.config.factor }); } }; },
 * });
 */
export function defineNode<S extends ConfigSchema, KS extends ConfigSchema = ConfigSchema>(
  def: NodeDefinition<S, KS>,
): NodeDefinition<S, KS> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.type)) throw new Error(`node type "${def.type}" must be kebab-case`);
  if (!Number.isInteger(def.version) || def.version < 1)
    throw new Error(`node type "${def.type}": version must be an integer >= 1`);
  return def;
}
