import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { validateFlows, type ValidationIssue } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModules } from '../../runtime/src/registry/load-node-modules.js';
import { applyMutation, FUZZ_RUNS, FUZZ_TIMEOUT_MS, mutation, nastyValue, resolves } from './fuzz-support.js';

const read = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../flows/${file}`, import.meta.url), 'utf8'));
/**
 * Valid deployments to start from: the demo plant (all its flows: they link to each other, and its
 * shared config document: they use its PLC connection) and the two examples.
 */
const DEMO_FLOWS = readdirSync(new URL('../../flows/demo-plant/', import.meta.url))
  .filter((f) => f.endsWith('.flow.json') || f.endsWith('.config.json'))
  .sort()
  .map((f) => `demo-plant/${f}`);
const SEEDS: unknown[][] = [DEMO_FLOWS.map(read), [read('hello-world.flow.json')], [read('line-counter.flow.json')]];

let catalog: NodeRegistry;
beforeAll(async () => {
  catalog = await loadNodeModules();
});

/** Checks the validator's contract on `input`; returns the issues for further checks. */
function check(input: unknown): ValidationIssue[] {
  let result: ReturnType<typeof validateFlows>;
  try {
    result = validateFlows(input, { catalog });
  } catch (err) {
    throw new Error(`validateFlows threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  if (result.ok) return [];
  expect(result.issues.length).toBeGreaterThan(0);
  for (const i of result.issues) {
    expect(typeof i.code === 'string' && i.code.length > 0, `code of ${JSON.stringify(i)}`).toBe(true);
    expect(typeof i.message === 'string' && i.message.length > 0, `message of ${i.pathString}`).toBe(true);
    expect(i.pathString.startsWith('$'), i.pathString).toBe(true);
    // Only a root that is not a list of flows is reported at the root itself.
    if (i.path.length === 0) expect(Array.isArray(input), `root issue ${i.message}`).toBe(false);
    expect(resolves(input, i.path), `${i.pathString} (${i.code}: ${i.message}) does not resolve`).toBe(true);
  }
  return result.issues;
}

describe('fuzzing validateFlows', () => {
  it('accepts the seeds as they are', () => {
    for (const seed of SEEDS) expect(validateFlows(structuredClone(seed), { catalog }).issues).toEqual([]);
  });

  it(
    'never throws on arbitrary values, and every issue has a path into the input',
    () => {
      fc.assert(
        fc.property(fc.oneof(nastyValue, fc.array(nastyValue), fc.array(fc.anything())), (v) => {
          check(v);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on mutated valid flows, and every issue has a path into the input',
    () => {
      let withIssues = 0;
      fc.assert(
        fc.property(
          fc.nat({ max: SEEDS.length - 1 }),
          fc.array(mutation, { minLength: 1, maxLength: 5 }),
          (seed, edits) => {
            const doc = structuredClone(SEEDS[seed]);
            for (const m of edits) applyMutation(doc, m);
            if (check(doc).length) withIssues++;
          },
        ),
        { numRuns: FUZZ_RUNS },
      );
      // The mutations must actually break flows most of the time, or this test proves little.
      expect(withIssues).toBeGreaterThan(FUZZ_RUNS / 2);
    },
    FUZZ_TIMEOUT_MS,
  );
});
