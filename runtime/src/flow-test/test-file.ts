import { z } from 'zod';

const message = z.record(z.string(), z.unknown());

/** A node replaced for the test: `recorded` answers with recorded messages, `none` keeps the real node. */
const stub = z
  .object({
    replaceWith: z.enum(['recorded', 'none']).default('recorded'),
    /**
     * Recorded messages per output port. A stand-in with an input sends entry k of each port when
     * its k-th message arrives (merged over that message, as a request node adds its answer); a
     * stand-in for a source sends them all when an input step triggers it (`{ "inject": id }`).
     */
    outputs: z.array(z.array(message)).default([]),
  })
  .strict();

const inputStep = z.union([
  z.object({ node: z.string().min(1), msg: message.default({}) }).strict(),
  z.object({ inject: z.string().min(1) }).strict(),
  z.object({ waitMs: z.number().int().min(0).max(60_000) }).strict(),
]);

const expectation = z
  .object({
    node: z.string().min(1),
    /** Output port (ignored for `on: input`). */
    port: z.number().int().min(0).default(0),
    /** `output` (default for nodes with outputs): what the node sent; `input`: what reached it. */
    on: z.enum(['output', 'input']).optional(),
    messages: z.array(message),
    /** `subset` (default): each expected message is contained in the actual one; `exact`: equal but for `id` and `trace`. */
    match: z.enum(['subset', 'exact']).default('subset'),
  })
  .strict();

const testCase = z
  .object({
    name: z.string().min(1),
    stubs: z.record(z.string(), stub).default({}),
    inputs: z.array(inputStep).default([]),
    expect: z.array(expectation).min(1),
    /** Longest wait for the expected messages, in ms. */
    timeoutMs: z.number().int().min(1).max(600_000).default(2_000),
    /** Quiet time after the expected messages arrived, to catch extra ones, in ms. */
    settleMs: z.number().int().min(0).max(10_000).default(50),
    /** Keep inject nodes' start-up and repeat timers (off by default: the inputs decide what happens). */
    keepTimers: z.boolean().default(false),
    /** Global context values set before the flow starts. */
    global: z.record(z.string(), z.unknown()).default({}),
    /** Environment variables the flow sees. */
    env: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** A `<name>.tests.json` file: test cases for one flow. See docs/flow-tests.md. */
export const flowTestFileSchema = z
  .object({
    /** Id of the flow under test; found in the sibling `<name>.flow.json` or any flow file of the folder. */
    flow: z.string().min(1).optional(),
    /** Flow file relative to this file, when it is not the sibling `<name>.flow.json`. */
    flowFile: z.string().min(1).optional(),
    /** Extra node types replaced by stand-ins in every case (besides the connector families). */
    standIns: z.array(z.string().min(1)).default([]),
    cases: z.array(testCase).min(1),
  })
  .strict();

export type FlowTestFile = z.output<typeof flowTestFileSchema>;
export type FlowTestCase = FlowTestFile['cases'][number];
export type InputStep = FlowTestCase['inputs'][number];
export type Expectation = FlowTestCase['expect'][number];

/** Suffix of flow test files beside their flows. */
export const TEST_FILE_SUFFIX = '.tests.json';
