import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFlowTests } from '../../runtime/src/flow-test/run-tests.js';
import { DEFAULT_NODE_MODULES, loadNodeModules } from '../../runtime/src/registry/load-node-modules.js';

const FLOWS = fileURLToPath(new URL('../../flows/', import.meta.url));

describe('millwright test flows/', () => {
  it('passes every case stored beside the flows, the demo plant included', async () => {
    const run = await runFlowTests({ paths: [FLOWS], registry: await loadNodeModules(DEFAULT_NODE_MODULES) });
    const failures = run.files.flatMap((f) => [
      ...(f.problem ? [`${f.file}: ${f.problem}`] : []),
      ...f.cases.filter((c) => !c.ok).map((c) => `${f.file}: ${c.name}`),
    ]);
    expect(failures).toEqual([]);
    expect(run.files.map((f) => f.file.slice(FLOWS.length)).filter((f) => f.startsWith('demo-plant/'))).toEqual([
      'demo-plant/dashboards.tests.json',
      'demo-plant/master-data.tests.json',
      'demo-plant/production.tests.json',
      'demo-plant/quality.tests.json',
      'demo-plant/reporting.tests.json',
      'demo-plant/work-orders.tests.json',
    ]);
  });
});
