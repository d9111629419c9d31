import { z } from 'zod';

/** Current flow file format version. Bump with a migration in `migrate-flow.ts`. */
export const FLOW_FORMAT_VERSION = 1;

const id = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may only contain letters, digits, "_", ".", ":" and "-"');

/** Canvas position of a node (editor coordinates, pixels). */
export const positionSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

/** A node as stored in a flow file. `config` is checked against the node type's own schema. */
export const flowNodeSchema = z
  .object({
    id,
    type: z.string().min(1).max(128),
    typeVersion: z.number().int().min(1),
    name: z.string().max(256).optional(),
    config: z.record(z.string(), z.unknown()),
    position: positionSchema,
    disabled: z.boolean().optional(),
    group: z.string().optional(),
    /**
     * Environment values this node sees before the runtime's own (`${env.NAME}`, `env.get`). Not
     * written by hand: subflow expansion sets them from the instance's parameters (decision 0024).
     */
    env: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** A shared connection (OPC UA endpoint, MQTT broker...). Referenced by id from node configs. */
export const configNodeSchema = z
  .object({
    id,
    type: z.string().min(1).max(128),
    typeVersion: z.number().int().min(1),
    name: z.string().max(256).optional(),
    config: z.record(z.string(), z.unknown()),
  })
  .strict();

export const portRefSchema = z.object({ node: id, port: z.number().int().min(0) }).strict();

/** A wire from an output port of one node to an input port of another. */
export const wireSchema = z.object({ from: portRefSchema, to: portRefSchema }).strict();

export const groupSchema = z
  .object({
    id,
    name: z.string().max(256).optional(),
    color: z.string().max(32).optional(),
  })
  .strict();

/**
 * Where a flow keeps its node and flow context (`context.get/set` in function nodes). `memory` (the
 * default) loses it at a restart; `file` keeps it in `<dataDir>/context/<flow id>.json`, written
 * atomically (temp file, fsync, rename) at most `flushIntervalMs` after a change and when the flow
 * stops, and loaded when it starts. Global context is not part of it (it stays in memory).
 */
export const flowContextSchema = z
  .object({
    store: z.enum(['memory', 'file']),
    /** Most time a change waits before it is written; 0 writes at once (one write at a time). Default 30 s. */
    flushIntervalMs: z.number().int().min(0).max(3_600_000).optional(),
    /** Most bytes of the context file; a `set` beyond it fails with `context_too_large`. Default 10 MiB. */
    maxBytes: z
      .number()
      .int()
      .min(1_024)
      .max(1024 * 1024 * 1024)
      .optional(),
  })
  .strict();

/** A subflow parameter: what an instance sets, and its inner nodes read as `${env.NAME}` / `env.get`. */
export const subflowParamSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and "_", not starting with a digit'),
    type: z.enum(['string', 'number', 'boolean', 'json']),
    label: z.string().max(256).optional(),
    description: z.string().max(4_000).optional(),
    default: z.unknown().optional(),
    required: z.boolean().optional(),
  })
  .strict();

/**
 * What makes a flow document a subflow definition. Its ports are not declared here but read from
 * its port nodes: a `subflow-in` node gives it an input, `subflow-out` nodes (config `port`) its
 * outputs, a `subflow-status` node a status port, so the two cannot disagree.
 */
export const subflowSchema = z
  .object({
    params: z.array(subflowParamSchema).max(100).optional(),
    /** Palette section and colour of its instances. */
    category: z.string().max(64).optional(),
    color: z.string().max(32).optional(),
    description: z.string().max(10_000).optional(),
  })
  .strict();

/** One flow (one editor tab) = one file. */
/**
 * Cluster placement: `once` (default) runs the flow on exactly one runtime among those whose labels
 * match `labels`, held by a lease that another matching runtime takes over when the holder dies
 * (flows with single-reader sources: OPC UA subscriptions, file-watch, schedules, plain mqtt-in);
 * `all` runs it on every matching runtime (stateless flows: an http-in API, an MQTT 5 shared
 * subscription). `labels` must all equal the runtime's (`--labels site=lyon,line=1`); none: any runtime.
 */
export const flowPlacementSchema = z
  .object({
    mode: z.enum(['once', 'all']).default('once'),
    labels: z
      .record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'label names are letters, digits, _ . -'), z.string().max(256))
      .optional(),
  })
  .strict();

export const flowSchema = z
  .object({
    version: z.literal(FLOW_FORMAT_VERSION, { error: `must be ${FLOW_FORMAT_VERSION}` }),
    id,
    name: z.string().max(256),
    info: z.string().max(100_000).optional(),
    disabled: z.boolean().optional(),
    /**
     * Where the flow runs when the runtime pools flows in shared host processes (the default):
     * `dedicated` pins it to a process of its own (a flow with heavy or untrusted function code).
     */
    isolation: z.enum(['shared', 'dedicated']).optional(),
    /** Where the flow runs in a cluster of runtimes (see {@link flowPlacementSchema}); ignored on one runtime. */
    placement: flowPlacementSchema.optional(),
    /** Where the flow's node and flow context live (see {@link flowContextSchema}); unset: memory. */
    context: flowContextSchema.optional(),
    /**
     * Present when this document is a subflow definition rather than a flow: it does not run by
     * itself, its nodes run inside every `subflow:<id>` instance (see subflow.ts, decision 0024).
     */
    subflow: subflowSchema.optional(),
    /**
     * Present when this document holds config nodes shared by every flow (`<id>.config.json`): it
     * has no nodes and does not run; each flow that references one of its config nodes runs its own
     * instance of it, with the same id (see shared-configs.ts, decision 0039).
     */
    shared: z.literal(true).optional(),
    nodes: z.array(flowNodeSchema),
    wires: z.array(wireSchema),
    configs: z.array(configNodeSchema).optional(),
    groups: z.array(groupSchema).optional(),
  })
  .strict();

export type Position = z.infer<typeof positionSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type ConfigNode = z.infer<typeof configNodeSchema>;
export type PortRef = z.infer<typeof portRefSchema>;
export type Wire = z.infer<typeof wireSchema>;
export type Group = z.infer<typeof groupSchema>;
export type Flow = z.infer<typeof flowSchema>;
export type FlowContextOptions = z.infer<typeof flowContextSchema>;
export type FlowPlacement = z.infer<typeof flowPlacementSchema>;
export type SubflowParam = z.infer<typeof subflowParamSchema>;
export type SubflowSpec = z.infer<typeof subflowSchema>;
