import { formatDiff, show } from './json-diff.js';
import type { CaseResult, ExpectationFailure } from './run-case.js';
import type { FileResult, TestRun } from './run-tests.js';

/** Output formats of `millwright test`. */
export const REPORTERS = ['text', 'json', 'junit'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** The lines a failed expectation prints: what was compared, the counts, and a diff per differing message. */
export function describeFailure(f: ExpectationFailure, indent = '    '): string[] {
  const where = `node "${f.node}" ${f.on === 'input' ? 'input' : `port ${f.port}`}`;
  const lines: string[] = [];
  if (f.expectedCount !== f.actualCount)
    lines.push(`${indent}${where}: expected ${f.expectedCount} message(s), got ${f.actualCount}`);
  for (const m of f.messages) {
    lines.push(`${indent}${where}, message ${m.index}:`);
    lines.push(...formatDiff(m.diff, `${indent}  `));
  }
  if (f.actual.length && f.expectedCount !== f.actualCount)
    f.actual.forEach((a, i) => lines.push(`${indent}  got #${i + 1}: ${show(a)}`));
  return lines;
}

/** Human report of one file: a line per case (✓/✗ with duration), failure details under failed cases. */
export function textReport(file: FileResult): string[] {
  const lines = [`${file.file}${file.flowId ? ` (flow ${file.flowId})` : ''}`];
  if (file.problem) lines.push(`  ✗ ${file.problem}`);
  for (const c of file.cases) {
    lines.push(`  ${c.ok ? '✓' : '✗'} ${c.name} (${c.durationMs} ms)`);
    if (c.ok) continue;
    if (c.problem) lines.push(`    ${c.problem}`);
    for (const f of c.failures) lines.push(...describeFailure(f));
    if (c.nodeErrors.length) {
      lines.push('    errors raised by nodes:');
      for (const e of c.nodeErrors) lines.push(`      ${e}`);
    }
  }
  return lines;
}

/** Closing line of the text report. */
export function textSummary(run: TestRun): string {
  const cases = run.files.reduce((n, f) => n + f.cases.length, 0);
  return `${run.passed} passed, ${run.failed} failed (${cases} case(s) in ${run.files.length} file(s), ${(run.durationMs / 1000).toFixed(1)} s)`;
}

/** Machine-readable run: every file and case with its failures. */
export function jsonReport(run: TestRun): string {
  return JSON.stringify(run, null, 2);
}

/** JUnit XML (one testsuite per file, one testcase per case), as CI servers read it. */
export function junitReport(run: TestRun): string {
  const suites = run.files.map((f) => {
    const failures = f.cases.filter((c) => !c.ok).length + (f.problem ? 1 : 0);
    const time = (f.cases.reduce((t, c) => t + c.durationMs, 0) / 1000).toFixed(3);
    const cases = f.cases.map((c) => testcase(f, c));
    if (f.problem)
      cases.push(
        `    <testcase name="(file)" classname="${xml(f.file)}"><failure message="${xml(f.problem)}"/></testcase>`,
      );
    return `  <testsuite name="${xml(f.file)}" tests="${cases.length}" failures="${failures}" time="${time}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${run.passed + run.failed}" failures="${run.failed}" time="${(run.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function testcase(f: FileResult, c: CaseResult): string {
  const open = `    <testcase name="${xml(c.name)}" classname="${xml(f.flowId ?? f.file)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  if (c.ok) return `${open}/>`;
  const detail = [
    ...(c.problem ? [c.problem] : []),
    ...c.failures.flatMap((x) => describeFailure(x, '')),
    ...c.nodeErrors.map((e) => `error: ${e}`),
  ].join('\n');
  const message = c.problem ?? `${c.failures.length} expectation(s) failed`;
  return `${open}>\n      <failure message="${xml(message)}">${xml(detail)}</failure>\n    </testcase>`;
}

function xml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}
