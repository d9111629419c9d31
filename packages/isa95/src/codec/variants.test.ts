import { describe, expect, it } from 'vitest';
import type { Quantity } from '../model/common.js';
import type { DocumentOf } from '../model/document.js';
import type { MaterialActual, SegmentResponse } from '../model/operations-performance.js';
import type { SegmentRequirement } from '../model/operations-schedule.js';
import { failures, V0701_XSD, xmllint } from '../test-support/xmllint.js';
import { decodeB2mml } from './decode.js';
import { encodeB2mml } from './encode.js';

/** mulberry32: a small seeded PRNG, so a failing variant can be reproduced from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const maybe = <T>(f: () => T): T | undefined => (next() < 0.5 ? f() : undefined);
  const times = <T>(min: number, max: number, f: (i: number) => T): T[] =>
    Array.from({ length: min + int(max - min + 1) }, (_, i) => f(i));
  return { next, int, pick, maybe, times };
}

const WORDS = ['line', 'Füller', 'a&b', '<tag>', 'quote"s', "it's", '🏭 plant', 'x > y', '1.0', 'Ω'];
// Decimals as text: they must come back exactly as written ("1.000" stays "1.000").
const NUMBERS = [
  '0',
  '1',
  '-3',
  '2.5',
  '0.001',
  '0.000000001',
  '123456789012',
  '1000000000000000',
  '-0.750',
  '9812',
  '1.000',
];

function variant(seed: number) {
  const r = rng(seed);
  const text = () => `${r.pick(WORDS)} ${r.pick(WORDS)}`;
  const time = () =>
    `2024-0${1 + r.int(9)}-1${r.int(10)}T${10 + r.int(14)}:${10 + r.int(50)}:00${r.pick(['Z', '+02:00', '.5Z', ''])}`;
  const quantity = (): Quantity => {
    const q: Quantity = { value: r.pick(NUMBERS) };
    if (r.next() < 0.5) q.unit = r.pick(['pcs', 'kg', 'h']);
    if (r.next() < 0.3) q.key = r.pick(['Good', 'Reject']);
    if (r.next() < 0.2) q.dataType = 'decimal';
    return q;
  };
  const drop = <T extends object>(o: T): T => {
    for (const [k, v] of Object.entries(o)) if (v === undefined) delete (o as Record<string, unknown>)[k];
    return o;
  };
  const materialActual = (i: number): MaterialActual =>
    drop({
      id: `MA-${i}`,
      materialDefinitionIds: r.maybe(() => r.times(1, 2, text)),
      materialUse: r.maybe(() => r.pick(['Produced', 'Consumed', 'Yield Produced'])),
      quantities: r.maybe(() => r.times(1, 3, quantity)),
      properties: r.maybe(() =>
        r.times(1, 2, (j) => drop({ id: `p${j}`, values: r.maybe(() => [{ value: text() }]) })),
      ),
    });
  const segment =
    (depth: number) =>
    (i: number): SegmentResponse =>
      drop({
        id: `SR-${depth}-${i}`,
        descriptions: r.maybe(() => r.times(1, 2, text)),
        actualStartTime: r.maybe(time),
        segmentState: r.maybe(() => r.pick(['Running', 'Completed', 'Held'])),
        equipmentActuals: r.maybe(() => r.times(1, 2, (j) => ({ id: `EA-${j}`, equipmentIds: [text()] }))),
        materialActuals: r.maybe(() => r.times(1, 3, materialActual)),
        children: depth < 2 ? r.maybe(() => r.times(1, 2, segment(depth + 1))) : undefined,
      });
  const performance: DocumentOf<'OperationsPerformance'> = {
    verb: r.pick(['Sync', 'Process', 'Show', 'Change'] as const),
    noun: 'OperationsPerformance',
    releaseId: '7.01',
    applicationArea: drop({ creationDateTime: time(), bodId: r.maybe(() => `bod-${seed}`) }),
    items: [
      drop({
        id: `PERF-${seed}`,
        endTime: r.maybe(time),
        responses: r.times(1, 3, (i) =>
          drop({ id: `R-${i}`, operationsRequestIds: r.maybe(() => [text()]), segments: r.times(1, 3, segment(0)) }),
        ),
      }),
    ],
  };
  const requirement =
    (depth: number) =>
    (i: number): SegmentRequirement =>
      drop({
        id: `SEG-${depth}-${i}`,
        processSegmentId: text(),
        operationsDefinitionId: 'OD',
        operationsSegmentId: 'OS',
        duration: r.maybe(() => r.pick(['PT1H', 'P1DT2H30M', 'PT0.5S'])),
        parameters: r.maybe(() => r.times(1, 2, (j) => ({ id: `par${j}`, values: [{ value: text(), unit: 'ml' }] }))),
        materialRequirements: r.maybe(() => r.times(1, 2, (j) => ({ id: `MR-${j}`, quantities: [quantity()] }))),
        children: depth < 1 ? r.maybe(() => r.times(1, 2, requirement(depth + 1))) : undefined,
      });
  const schedule: DocumentOf<'OperationsSchedule'> = {
    verb: r.pick(['Process', 'Sync', 'Cancel'] as const),
    noun: 'OperationsSchedule',
    releaseId: '7.01',
    applicationArea: { creationDateTime: time() },
    items: [
      {
        id: `SCH-${seed}`,
        requests: r.times(1, 3, (i) =>
          drop({
            id: `WO-${seed}-${i}`,
            priority: r.maybe(() => r.pick(NUMBERS)),
            requestState: r.maybe(() => r.pick(['Released', 'Waiting'])),
            segments: r.times(1, 2, requirement(0)),
          }),
        ),
      },
    ],
  };
  return { performance, schedule };
}

describe('generated variants', () => {
  const SEEDS = Array.from({ length: 25 }, (_, i) => 1000 + i);
  const docs = SEEDS.flatMap((seed) => {
    const v = variant(seed);
    return [
      [`performance-${seed}`, v.performance],
      [`schedule-${seed}`, v.schedule],
    ] as const;
  });
  const xml = Object.fromEntries(docs.map(([name, doc]) => [name, encodeB2mml(doc)]));

  it('all validate against the V0701 XSDs (one xmllint run)', () => {
    expect(failures(xmllint(xml, V0701_XSD))).toEqual({});
  });

  it('all read back equal to what was written', () => {
    for (const [name, doc] of docs) {
      expect({ name, result: decodeB2mml(xml[name] ?? '') }).toEqual({
        name,
        result: { ok: true, doc, version: 'V0701' },
      });
    }
  });
});
