/** Shared helpers and data of the isa95-map tests. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DocumentOf } from '@millwright/isa95';
import type { ErrorEvent } from '@millwright/model';
import { testNode } from '@millwright/sdk';
import { afterEach } from 'vitest';
import isa95Map from './index.js';

const SCHEMAS = join(dirname(createRequire(import.meta.url).resolve('@millwright/isa95')), '../schemas');
export const XSD = {
  V0701: join(SCHEMAS, 'V0701/Schema/AllSchemas.xsd'),
  V0600schedule: join(SCHEMAS, 'V0600/B2MML-V0600-ProductionSchedule.xsd'),
};

/** Validates documents with one xmllint run; returns xmllint's complaints (empty when all are valid). */
export function xmllint(docs: string[], xsd: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'isa95-map-'));
  try {
    const files = docs.map((xml, i) => {
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, ...files], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (${run.error.message}): install libxml2-utils`);
    const out = `${run.stdout}${run.stderr}`;
    return files
      .filter((f) => !out.includes(`${f} validates`))
      .map(
        (f) =>
          out
            .split('\n')
            .filter((l) => l.startsWith(f))
            .join('\n') || `no verdict for ${f}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Runs the node alone; stopped after each test. */
export const run = async (config: Record<string, unknown>) => {
  h = await testNode(isa95Map, { config });
  return h;
};
export const firstError = async (harness: Harness): Promise<ErrorEvent> =>
  harness.waitForEvent((e): e is ErrorEvent => e.type === 'error');

/** A production count as a line controller might send it. */
export const countMsg = {
  payload: {
    order: 'WO-1001',
    line: 'Line1',
    good: '9812',
    reject: 188,
    start: Date.UTC(2024, 4, 1, 4),
    end: '2024-05-01T11:58:00Z',
  },
};

export const performanceMappings = [
  { from: 'payload.order', to: 'id', type: 'string' },
  { from: 'payload.order', to: 'responses[0].id' },
  { from: 'payload.order', to: 'responses[0].operationsRequestIds[0]' },
  // Constants: rows without a source write their default.
  { to: 'responses[0].responseState', default: 'Completed' },
  { from: 'payload.segment', to: 'responses[0].segments[0].id', default: 'SR-1' },
  { from: 'payload.start', to: 'responses[0].segments[0].actualStartTime', type: 'dateTime' },
  { from: 'payload.end', to: 'responses[0].segments[0].actualEndTime', type: 'dateTime' },
  { from: 'payload.line', to: 'responses[0].segments[0].equipmentActuals[0].equipmentIds[0]' },
  { from: 'payload.line', to: 'responses[0].segments[0].equipmentActuals[0].id' },
  { from: 'payload.material', to: 'responses[0].segments[0].materialActuals[0].id', default: 'MA-1' },
  { from: 'payload.use', to: 'responses[0].segments[0].materialActuals[0].materialUse', default: 'Produced' },
  { from: 'payload.good', to: 'responses[0].segments[0].materialActuals[0].quantities[0].value', type: 'number' },
  { to: 'responses[0].segments[0].materialActuals[0].quantities[0].key', default: 'Good' },
  { from: 'payload.reject', to: 'responses[0].segments[0].materialActuals[0].quantities[1].value', type: 'number' },
  { to: 'responses[0].segments[0].materialActuals[0].quantities[1].key', default: 'Reject' },
];

export const sample: DocumentOf<'OperationsSchedule'> = {
  verb: 'Process',
  noun: 'OperationsSchedule',
  applicationArea: { creationDateTime: '2024-05-01T06:00:00Z', bodId: 'erp-1' },
  items: [
    {
      id: 'SCH-1',
      requests: [
        {
          id: 'WO-1001',
          priority: '2',
          segments: [
            {
              id: 'S1',
              processSegmentId: 'FILL',
              operationsDefinitionId: 'OD',
              operationsSegmentId: 'OS',
              materialRequirements: [
                { id: 'MR', materialUse: 'Produced', quantities: [{ value: '10000', unit: 'pcs' }] },
              ],
            },
          ],
        },
      ],
    },
  ],
};
