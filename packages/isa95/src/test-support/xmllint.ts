import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The MESA schemas shipped with this package. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const V0701_XSD = join(SCHEMAS_DIR, 'V0701/Schema/AllSchemas.xsd');
/** V0600's AllSchemas does not compile in libxml2, so each document type has its own file. */
export const V0600_XSD = {
  schedule: join(SCHEMAS_DIR, 'V0600/B2MML-V0600-ProductionSchedule.xsd'),
  performance: join(SCHEMAS_DIR, 'V0600/B2MML-V0600-ProductionPerformance.xsd'),
  confirm: join(SCHEMAS_DIR, 'V0600/B2MML-V0600-ConfirmBOD.xsd'),
};

/** Outcome per document name: undefined when valid, else xmllint's complaints. */
export type LintResult = Record<string, string | undefined>;

/**
 * Validates several documents with one xmllint run (`--noout --nonet --schema`), so the schema is
 * compiled once. Fails loudly when xmllint is missing: these tests must not pass by skipping.
 */
export function xmllint(docs: Record<string, string>, xsd: string): LintResult {
  const dir = mkdtempSync(join(tmpdir(), 'isa95-xmllint-'));
  try {
    const files = Object.entries(docs).map(([name, xml], i) => {
      const file = join(dir, `${i}-${name.replace(/[^\w.-]/g, '_')}.xml`);
      writeFileSync(file, xml);
      return { name, file };
    });
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, ...files.map((f) => f.file)], {
      encoding: 'utf8',
      maxBuffer: 32 * 1024 * 1024,
    });
    if (run.error) {
      throw new Error(
        `xmllint could not run (${run.error.message}). Install libxml2-utils (apt-get install -y libxml2-utils); ` +
          'it is listed in .ci/apt-packages.',
      );
    }
    const out = `${run.stdout}${run.stderr}`;
    if (/failed to compile|WXS schema .* failed/i.test(out)) throw new Error(`schema ${xsd} did not compile:\n${out}`);
    const result: LintResult = {};
    for (const { name, file } of files) {
      if (out.includes(`${file} validates`)) result[name] = undefined;
      else {
        const lines = out.split('\n').filter((l) => l.startsWith(file));
        result[name] = lines.join('\n') || `no verdict for ${file}:\n${out}`;
      }
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The names of the documents xmllint rejected, with its messages (empty when all are valid). */
export function failures(result: LintResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, problem] of Object.entries(result)) if (problem !== undefined) out[name] = problem;
  return out;
}
