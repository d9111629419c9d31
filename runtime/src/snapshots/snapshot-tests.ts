import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { serializeFlow, sortKeys, UserError, type Flow } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { listTestFiles, runFlowTests, type TestRun } from '../flow-test/run-tests.js';
import { TEST_FILE_SUFFIX } from '../flow-test/test-file.js';
import { FLOW_FILE_SUFFIX, flowFileName, readFlowFiles } from '../storage/flow-files.js';

/**
 * Runs the flow tests a snapshot carries (`{ [flowId]: <tests file> }`) against its flows with
 * the `millwright test` machinery: every flow and the tests are written as `<id>.flow.json` and
 * `<id>.tests.json` to a temporary folder, which is run as `millwright test <folder>` would, then
 * removed. Result files are named `<id>.tests.json`.
 */
export async function runSnapshotTests(args: {
  flows: readonly Flow[];
  tests: Record<string, unknown>;
  registry: NodeRegistry;
}): Promise<TestRun> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-snapshot-tests-'));
  try {
    // Every flow, tested or not: the others are the context of cross-flow links (as in a deployment).
    for (const flow of args.flows) await writeFile(join(dir, flowFileName(flow)), serializeFlow(flow));
    for (const [flowId, spec] of Object.entries(args.tests)) {
      if (!args.flows.some((f) => f.id === flowId))
        throw new UserError('invalid_request', `tests for flow "${flowId}", which is not in the snapshot`);
      const file = typeof spec === 'object' && spec !== null ? { ...spec } : {};
      delete (file as { flowFile?: unknown }).flowFile;
      await writeFile(
        join(dir, `${flowId}${TEST_FILE_SUFFIX}`),
        JSON.stringify(sortKeys({ ...file, flow: flowId }), null, 2),
      );
    }
    const run = await runFlowTests({ paths: [dir], registry: args.registry });
    return { ...run, files: run.files.map((f) => ({ ...f, file: basename(f.file), flowFile: undefined })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The flow tests below `paths` (`*.tests.json`, as `millwright test` finds them), keyed by the id
 * of the flow each tests: its `flow`, else the id in the sibling `<name>.flow.json`.
 */
export async function readTests(paths: readonly string[]): Promise<Record<string, unknown>> {
  const tests: Record<string, unknown> = {};
  // A flow file among `paths` stands for itself in the listing: only test files count here.
  for (const file of (await listTestFiles(paths)).filter((f) => f.endsWith(TEST_FILE_SUFFIX))) {
    const spec = JSON.parse(await readFile(file, 'utf8')) as unknown;
    const named = typeof spec === 'object' && spec !== null ? Reflect.get(spec, 'flow') : undefined;
    let flowId = typeof named === 'string' ? named : undefined;
    if (flowId === undefined) {
      const sibling = join(dirname(file), `${basename(file, TEST_FILE_SUFFIX)}${FLOW_FILE_SUFFIX}`);
      const [found] = await readFlowFiles([sibling]).catch(() => []);
      const id = typeof found?.value === 'object' && found.value !== null ? Reflect.get(found.value, 'id') : undefined;
      if (typeof id === 'string') flowId = id;
    }
    if (flowId === undefined) throw new UserError('invalid_request', `${file}: cannot tell which flow it tests`);
    tests[flowId] = spec;
  }
  return tests;
}
