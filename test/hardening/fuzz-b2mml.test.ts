import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { decodeB2mml, encodeB2mml, type B2mmlDocument } from '@millwright/isa95';
import type { ValidationIssue } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { NOUN_FIXTURES } from '../../packages/isa95/src/test-support/fixtures.js';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './fuzz-support.js';

const v0600 = (file: string) =>
  readFileSync(new URL(`../../packages/isa95/src/test-support/v0600/${file}`, import.meta.url), 'utf8');
/** Valid documents to start from: every noun fixture in V0701, and the two V0600 Production* samples. */
const SEEDS: string[] = [
  ...NOUN_FIXTURES.map((d) => encodeB2mml(d as B2mmlDocument)),
  v0600('process-production-schedule.xml'),
  v0600('sync-production-performance.xml'),
];

/** Faults about the document as a whole; they are reported at the root with a line and column where one applies. */
const DOCUMENT_CODES = new Set(['malformed_xml', 'too_large', 'too_deep', 'dtd_not_allowed']);

/** Whether `name` occurs in `xml` as an element or attribute name (any prefix). */
const named = (xml: string, name: string) =>
  new RegExp(`<(?:[\\w.-]+:)?${name}[\\s/>]|\\s(?:[\\w.-]+:)?${name}\\s*=`).test(xml);

/** Checks decodeB2mml's contract on `xml`: no throw; ok, or issues with a code, a message and a path into the document. */
function check(xml: string): ValidationIssue[] {
  let r: ReturnType<typeof decodeB2mml>;
  try {
    r = decodeB2mml(xml);
  } catch (err) {
    throw new Error(`decodeB2mml threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  if (r.ok) return [];
  expect(r.issues.length).toBeGreaterThan(0);
  for (const i of r.issues) {
    expect(i.code.length > 0 && i.message.length > 0, JSON.stringify(i)).toBe(true);
    if (i.path.length === 0) {
      expect(DOCUMENT_CODES.has(i.code), `root-level issue ${i.code}: ${i.message}`).toBe(true);
      continue;
    }
    // Every element or attribute the path names exists in the document, except that the last
    // one may be the required element or attribute that is missing.
    const names = i.path.filter((s): s is string => typeof s === 'string');
    names.slice(0, -1).forEach((n) => expect(named(xml, n), `${i.pathString}: no <${n}> (${i.message})`).toBe(true));
    expect(typeof i.path[0], i.pathString).toBe('string');
  }
  return r.issues;
}

/** Text that is hard to read as a quantity, date, duration, id or code. */
const badText = fc.oneof(
  fc.constantFrom(
    '',
    '-1',
    '1e999',
    'NaN',
    '2024-13-45T99:00:00',
    'P-1D',
    '&amp;',
    '&bogus;',
    '&#xD800;',
    '<![CDATA[x]]>',
    '<x/>',
    ']]>',
    '🏭 工厂',
    'a'.repeat(20_000),
  ),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);

type Edit =
  | { kind: 'drop-element' | 'duplicate-element' | 'rename-element'; pick: number; name: string }
  | { kind: 'text'; pick: number; text: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('drop-element' as const, 'duplicate-element' as const, 'rename-element' as const),
    pick: fc.nat(),
    name: fc.oneof(fc.constantFrom('ID', 'Quantity', 'DataArea', 'x:y', 'a b'), fc.string({ minLength: 1 })),
  }),
  fc.record({ kind: fc.constant('text' as const), pick: fc.nat(), text: badText }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: badText }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies one edit to the XML text: elements are found by their open tags and matching close tags. */
function applyEdit(xml: string, e: Edit): string {
  if (e.kind === 'insert') {
    const at = e.at % (xml.length + 1);
    return xml.slice(0, at) + e.text + xml.slice(at);
  }
  if (e.kind === 'truncate') return xml.slice(0, e.at % (xml.length + 1));
  const opens = [...xml.matchAll(/<([\w.:-]+)(\s[^>]*)?>/g)].filter((m) => !m[0].endsWith('/>'));
  const open = opens[e.pick % Math.max(1, opens.length)];
  if (!open || open.index === undefined) return xml;
  const tag = open[1] as string;
  const close = xml.indexOf(`</${tag}>`, open.index);
  if (close < 0) return xml;
  const end = close + tag.length + 3;
  const element = xml.slice(open.index, end);
  switch (e.kind) {
    case 'drop-element':
      return xml.slice(0, open.index) + xml.slice(end);
    case 'duplicate-element':
      return xml.slice(0, end) + element + xml.slice(end);
    case 'rename-element': {
      const local = e.name.replace(/[<>&"]/g, '');
      const renamed = element.replace(`<${tag}`, `<${local}`).replace(new RegExp(`</${tag}>$`), `</${local}>`);
      return xml.slice(0, open.index) + renamed + xml.slice(end);
    }
    case 'text': {
      const inner = open.index + open[0].length;
      if (xml.slice(inner, close).includes('<')) return xml; // not a leaf
      return xml.slice(0, inner) + e.text.replace(/</g, '&lt;') + xml.slice(close);
    }
  }
}

describe('fuzzing decodeB2mml', () => {
  it('reads the seeds', () => {
    for (const xml of SEEDS) expect(check(xml)).toEqual([]);
  });

  it('regression: a fault found by the model (not the element reader) is reported at element names', () => {
    // Found by this fuzz test (FUZZ_RUNS=10000): dropping a V0600 <Parameter>'s <ID> was reported
    // at the model path $.ProcessProductionSchedule.items[0].requests[0]..., which names no element.
    // The edit drops a <Parameter> wrapper; the path now ends at that missing element.
    const xml = applyEdit(SEEDS[8] as string, { kind: 'drop-element', pick: 180931789, name: 'ID' });
    const [first, ...rest] = check(xml);
    expect(rest).toEqual([]);
    expect(first?.pathString).toBe(
      '$.ProcessProductionSchedule.DataArea.ProductionSchedule[0].ProductionRequest[0].SegmentRequirement[0].ProductionParameter[0].Parameter',
    );
    expect(first?.message).toMatch(/^id: /);
    expect(first?.path.filter((p) => typeof p === 'string')).not.toContain('items');
  });

  it(
    'never throws on arbitrary strings, and reports each fault with a code and a path',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), badText), (s) => {
          check(s);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on mutated valid documents, and every path names elements of the document',
    () => {
      let withIssues = 0;
      fc.assert(
        fc.property(
          fc.nat({ max: SEEDS.length - 1 }),
          fc.array(edit, { minLength: 1, maxLength: 4 }),
          (seed, edits) => {
            const xml = edits.reduce(applyEdit, SEEDS[seed] as string);
            if (check(xml).length) withIssues++;
          },
        ),
        { numRuns: FUZZ_RUNS },
      );
      expect(withIssues).toBeGreaterThan(FUZZ_RUNS / 3);
    },
    FUZZ_TIMEOUT_MS,
  );
});
