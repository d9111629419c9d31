import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../storage/settings-store.js';
import { ENVIRONMENT_VARIABLES } from './environment-variables.js';
import { schemaRows } from '@millwright/model';
import { exampleSettings, renderSettingsDoc, settingsJsonSchema } from './settings-docs.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SETTINGS_DOC = join(ROOT, 'docs/settings.md');
/** Source folders whose `MILLWRIGHT_*` variables must be documented. */
const SOURCE_DIRS = ['runtime/src', 'runtime/bin', 'nodes', 'packages', 'editor/src', 'editor/vite.config.ts'];
/** A variable name; `MILLWRIGHT_DEMO_*`, `MILLWRIGHT_DEMO_<SERVICE>_PORT` and `${...}` templates are not names. */
const VARIABLE = /\bMILLWRIGHT_[A-Z0-9_]+\b(?![*{$<])/g;

async function sourceFiles(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return /\.(ts|tsx|js|mjs|cjs)$/.test(path) ? [path] : [];
  const files: string[] = [];
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const child = join(path, e.name);
    if (e.isDirectory()) files.push(...(await sourceFiles(child)));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(e.name) && !/\.(test|spec)\.tsx?$/.test(e.name)) files.push(child);
  }
  return files;
}

/** Every `MILLWRIGHT_*` name in the non-test sources, with the first file naming it. */
async function variablesInSources(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of SOURCE_DIRS)
    for (const file of await sourceFiles(join(ROOT, dir))) {
      if (file.startsWith(join(ROOT, 'runtime/src/docs/'))) continue;
      for (const [name] of (await readFile(file, 'utf8')).matchAll(VARIABLE))
        if (!found.has(name)) found.set(name, file.slice(ROOT.length));
    }
  return found;
}

describe('renderSettingsDoc', () => {
  const doc = renderSettingsDoc();

  it('describes every settings.json key with its type and default', () => {
    const rows = schemaRows(settingsJsonSchema());
    expect(rows.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'auth',
        'auth.required',
        'auth.openOnLoopback',
        'auth.token',
        'auth.tokenRole',
        'auth.sessionTtlHours',
        'engine',
        'engine.isolation',
      ]),
    );
    for (const r of rows) expect(r.description, `${r.key} needs a .meta({ description })`).not.toBe('');
    expect(doc).toContain('| `auth.sessionTtlHours` | number 0–720 | `12` | Lifetime of a login token');
    expect(doc).toContain('| `auth.tokenRole` | "viewer" \\| "operator" \\| "editor" \\| "admin" | `"admin"` |');
    expect(doc).toMatch(/\| `auth\.token` \| string \| {2}\| .*\*\(secret\)\* \|/);
  });

  it('shows the file written on the first start and an example that the schema accepts', () => {
    const example = exampleSettings();
    expect(settingsSchema.safeParse(example).success).toBe(true);
    expect(example).toMatchObject({ auth: { required: true, tokenRole: 'operator' }, engine: { isolation: 'worker' } });
    expect(doc).toContain(`\`\`\`json\n${JSON.stringify(settingsSchema.parse({}), null, 2)}\n\`\`\``);
    expect(doc).toContain(`\`\`\`json\n${JSON.stringify(example, null, 2)}\n\`\`\``);
  });

  it('lists every environment variable under its group', () => {
    for (const v of ENVIRONMENT_VARIABLES) expect(doc).toContain(`| \`${v.name}\` | `);
    expect(doc.indexOf('### Runtime')).toBeLessThan(doc.indexOf('`MILLWRIGHT_LOG_LEVEL`'));
    expect(doc.indexOf('### Demo plant')).toBeLessThan(doc.indexOf('`MILLWRIGHT_DEMO_OPCUA_PORT`'));
    expect(doc.indexOf('### Development')).toBeLessThan(doc.indexOf('`MILLWRIGHT_URL`'));
  });
});

describe('ENVIRONMENT_VARIABLES', () => {
  it('names each variable once, with a description and a default', () => {
    const names = ENVIRONMENT_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of ENVIRONMENT_VARIABLES) {
      expect(v.name).toMatch(/^MILLWRIGHT_[A-Z0-9_]+$/);
      expect(v.description, v.name).not.toBe('');
      expect(v.default, v.name).not.toBe('');
    }
  });

  it('covers every MILLWRIGHT_* variable in the runtime, node, package and editor sources', async () => {
    const found = await variablesInSources();
    expect(found.has('MILLWRIGHT_TOKEN')).toBe(true); // the scan works
    const listed = new Set<string>(ENVIRONMENT_VARIABLES.map((v) => v.name));
    const missing = [...found].filter(([name]) => !listed.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing, 'add these to runtime/src/docs/environment-variables.ts and run "npm run docs"').toEqual([]);
  });

  it('lists only variables that the sources still name', async () => {
    const found = await variablesInSources();
    const unused = ENVIRONMENT_VARIABLES.map((v) => v.name).filter((name) => !found.has(name));
    expect(unused, 'remove these from runtime/src/docs/environment-variables.ts and run "npm run docs"').toEqual([]);
  });
});

describe('docs/settings.md', () => {
  it('is up to date with the settings schema and the environment variables (run "npm run docs")', async () => {
    const committed = await readFile(SETTINGS_DOC, 'utf8').catch(() => '');
    expect(committed, 'out of date: run "npm run docs" and commit docs/settings.md').toBe(renderSettingsDoc());
  });
});
