import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { formatPath, fromZodIssues, withReferencedConfigs, type Flow } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { checkFlows } from '../deploy/check-flows.js';
import { expandSubflows } from '@millwright/model/subflows';
import {
  FLOW_FILE_SUFFIX,
  listFilesBelow,
  readFlowFiles,
  SHARED_CONFIG_FILE_SUFFIX,
  SUBFLOW_FILE_SUFFIX,
} from '../storage/flow-files.js';
import { runCase, type CaseResult } from './run-case.js';
import { flowTestFileSchema, TEST_FILE_SUFFIX, type FlowTestFile } from './test-file.js';

/** Results of one `.tests.json` file. `problem` is set when the file or its flow could not be used. */
export interface FileResult {
  file: string;
  flowId?: string;
  flowFile?: string;
  problem?: string;
  cases: CaseResult[];
}

/** Results of a whole run. */
export interface TestRun {
  files: FileResult[];
  passed: number;
  failed: number;
  durationMs: number;
}

/**
 * Expands paths to flow test files: a file stands for itself, a directory for every
 * `*.tests.json` below it (recursively, in name order, skipping node_modules).
 */
export function listTestFiles(paths: readonly string[]): Promise<string[]> {
  return listFilesBelow(paths, TEST_FILE_SUFFIX, { recursive: true });
}

/** Runs every case of every file, one after the other; `onFile` sees each file's results as they come. */
export async function runFlowTests(args: {
  paths: readonly string[];
  registry: NodeRegistry;
  onFile?: (result: FileResult) => void;
}): Promise<TestRun> {
  const started = Date.now();
  const files: FileResult[] = [];
  for (const file of await listTestFiles(args.paths)) {
    const r = await runFile(file, args.registry);
    files.push(r);
    args.onFile?.(r);
  }
  const cases = files.flatMap((f) => f.cases);
  const passed = cases.filter((c) => c.ok).length;
  return {
    files,
    passed,
    failed: cases.length - passed + files.filter((f) => f.problem).length,
    durationMs: Date.now() - started,
  };
}

async function runFile(file: string, registry: NodeRegistry): Promise<FileResult> {
  let spec: FlowTestFile;
  try {
    const parsed = flowTestFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success)
      return {
        file,
        problem: fromZodIssues(parsed.error.issues, [])
          .map((i) => `${formatPath(i.path)} ${i.message}`)
          .join('; '),
        cases: [],
      };
    spec = parsed.data;
  } catch (err) {
    return { file, problem: `cannot read: ${err instanceof Error ? err.message : String(err)}`, cases: [] };
  }
  const found = await findFlow(file, spec);
  if ('problem' in found) return { file, problem: found.problem, cases: [] };
  // Subflow definitions beside the flow file come with it; instances run expanded (decision 0024).
  const siblings = (await readFlowFiles([dirname(found.flowFile)])).filter(
    (f) => resolve(f.file) !== resolve(found.flowFile),
  );
  // Shared config documents beside it too: the flow runs with the config nodes it uses (decision 0039).
  const companion = (file: string) => file.endsWith(SUBFLOW_FILE_SUFFIX) || file.endsWith(SHARED_CONFIG_FILE_SUFFIX);
  const companions = siblings.filter((f) => companion(f.file)).map((f) => f.value);
  // The folder's other flows are the context of cross-flow references (a link-out to another flow's
  // link-in), as in a deployment; the flow alone is checked when that context does not check out.
  const others = siblings.filter((f) => !companion(f.file)).map((f) => f.value);
  const inContext = others.length ? checkFlows([found.flow, ...companions, ...others], registry) : undefined;
  const check = inContext?.ok ? inContext : checkFlows([found.flow, ...companions], registry);
  if (!check.ok)
    return {
      file,
      flowFile: found.flowFile,
      problem: `the flow is invalid: ${check.issues.map((i) => `${formatPath(i.path.slice(1))} ${i.message}`).join('; ')}`,
      cases: [],
    };
  const flow = withReferencedConfigs(
    expandSubflows(check.flows, { catalog: registry })[0] as Flow,
    check.flows,
    registry,
  );
  const cases: CaseResult[] = [];
  for (const testCase of spec.cases)
    cases.push(await runCase({ flow, registry, testCase, standInTypes: spec.standIns }));
  return { file, flowId: flow.id, flowFile: found.flowFile, cases };
}

/** The flow under test: `flowFile`, else the sibling `<name>.flow.json`, else the folder's flow file with id `flow`. */
async function findFlow(
  file: string,
  spec: FlowTestFile,
): Promise<{ flow: unknown; flowFile: string } | { problem: string }> {
  const dir = dirname(file);
  const sibling = join(dir, `${basename(file, TEST_FILE_SUFFIX)}${FLOW_FILE_SUFFIX}`);
  const candidates = spec.flowFile
    ? [resolve(dir, spec.flowFile)]
    : spec.flow === undefined
      ? [sibling]
      : [
          sibling,
          ...(await readdir(dir))
            .filter((n) => n.endsWith(FLOW_FILE_SUFFIX))
            .sort()
            .map((n) => join(dir, n)),
        ];
  for (const candidate of [...new Set(candidates)]) {
    const value = await readFile(candidate, 'utf8').then(
      (t) => JSON.parse(t) as unknown,
      () => undefined,
    );
    const id = typeof value === 'object' && value !== null ? Reflect.get(value, 'id') : undefined;
    if (value !== undefined && (spec.flow === undefined || id === spec.flow))
      return { flow: value, flowFile: candidate };
  }
  return {
    problem: spec.flow
      ? `no flow file with id "${spec.flow}" next to ${basename(file)}`
      : `no ${basename(file, TEST_FILE_SUFFIX)}${FLOW_FILE_SUFFIX} next to ${basename(file)}`,
  };
}
