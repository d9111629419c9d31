import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { docsCommand } from '../cli/commands/docs.js';
import { builtInFamilies } from './families.js';
import { renderNodeDoc, renderNodeDocs } from './node-docs.js';
import { renderSettingsDoc } from './settings-docs.js';

const DOCS = fileURLToPath(new URL('../../../docs/nodes/', import.meta.url));

const sample = defineNode({
  type: 'press-check',
  category: 'quality',
  version: 2,
  label: 'press check',
  description: 'Checks press forces.\nOne output per rule.',
  inputs: 1,
  outputs: ['ok'],
  // The catalog calls this with {} when the schema needs a value to parse (endpoint here).
  outputsFor: (c) => (c.rules ?? []).map((_, i) => `rule ${i + 1}`),
  outputsFrom: 'rules',
  config: z.object({
    endpoint: z.string().meta({ configRef: 'opcua-endpoint', description: 'PLC.' }),
    limitKn: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(120)
      .meta({ description: 'Force limit | in kN.', examples: [80] }),
    mode: z.enum(['peak', 'mean']).default('peak'),
    windowMs: z
      .number()
      .int()
      .min(10)
      .default(100)
      .meta({ advanced: true, showWhen: { mode: ['mean'] } }),
    tls: z.object({ caFile: z.string().default('').meta({ description: 'CA file.' }) }).default({ caFile: '' }),
    rules: z
      .array(
        z.discriminatedUnion('action', [
          z.object({ action: z.literal('alarm'), topic: z.string().meta({ description: 'Alarm topic.' }) }),
          z.object({ action: z.literal('log') }),
        ]),
      )
      .default([{ action: 'log' }]),
  }),
  credentials: z.object({ token: z.string().optional().meta({ secret: true, description: 'API token.' }) }),
  setup: () => ({}),
});

describe('renderNodeDoc', () => {
  const doc = renderNodeDoc(sample, '@acme/press-nodes');

  it('has the title, description, package and ports', () => {
    expect(doc).toMatch(/^# press check \(`press-check`\)\n/);
    expect(doc).toContain('\nChecks press forces. One output per rule.\n');
    expect(doc).toContain('| package | `@acme/press-nodes` |');
    expect(doc).toContain('| outputs | `ok` by default; one per entry of `rules` |');
  });

  it('tabulates every config key with type, default and the hints from .meta()', () => {
    expect(doc).toContain('| `endpoint` | string | *required* | PLC. Id of a `opcua-endpoint` config node. |');
    expect(doc).toContain('| `limitKn` | integer 1–500 | `120` | Force limit \\| in kN. Examples: `80`. |');
    expect(doc).toContain('| `mode` | "peak" \\| "mean" | `"peak"` |  |');
    expect(doc).toContain('| `windowMs` | integer ≥ 10 | `100` | Used when `mode` is `mean`. *(advanced)* |');
    expect(doc).toContain('| `tls.caFile` | string | `""` | CA file. |');
    expect(doc).toContain('| `rules` | array of object (2 kinds) | `[{"action":"log"}]` |  |');
    expect(doc).toContain('| `rules[].topic` | string | *required* | With `action: "alarm"`. Alarm topic. |');
    expect(doc).not.toContain('`rules[].action`');
  });

  it('lists credentials and gives an example node', () => {
    expect(doc).toContain('## Credentials');
    expect(doc).toContain('| `token` | string |  | API token. *(secret)* |');
    expect(doc).toContain('"endpoint": "opcua-endpoint-1"');
    expect(doc).toContain('"typeVersion": 2');
  });
});

describe('docs/nodes', () => {
  it('is up to date with the built-in node schemas (run "npm run docs" after changing one)', async () => {
    const generated = renderNodeDocs(await builtInFamilies());
    const committed = (await readdir(DOCS)).filter((f) => f.endsWith('.md')).sort();
    expect(committed).toEqual([...generated.keys()].sort());
    const stale: string[] = [];
    for (const [name, text] of generated) if ((await readFile(join(DOCS, name), 'utf8')) !== text) stale.push(name);
    expect(stale, 'out of date: run "npm run docs" and commit docs/nodes').toEqual([]);
  });
});

describe('millwright docs', () => {
  it('writes the pages and the settings page, removes pages no node produces, and --check reports what differs', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mw-docs-'));
    const out = join(root, 'nodes');
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    try {
      await mkdir(out);
      await writeFile(join(out, 'old-node.md'), '# gone');
      expect(await docsCommand.run(['--out', out], io)).toBe(0);
      expect(await readdir(out)).not.toContain('old-node.md');
      expect(await readFile(join(out, 'inject.md'), 'utf8')).toMatch(/^# `inject`/);
      expect(await readFile(join(root, 'settings.md'), 'utf8')).toBe(renderSettingsDoc());
      expect(await docsCommand.run(['--out', out, '--check'], io)).toBe(0);
      await writeFile(join(out, 'inject.md'), 'edited by hand');
      await writeFile(join(root, 'settings.md'), 'edited by hand');
      lines.length = 0;
      expect(await docsCommand.run(['--out', out, '--check'], io)).toBe(1);
      expect(lines).toEqual([
        `out of date: ${join(out, 'inject.md')}`,
        `out of date: ${join(root, 'settings.md')}`,
        'reference docs are out of date: run "npm run docs" and commit the result',
      ]);
      const elsewhere = join(root, 'reference', 'config.md');
      expect(await docsCommand.run(['--out', out, '--settings', elsewhere], io)).toBe(0);
      expect(await readFile(elsewhere, 'utf8')).toBe(renderSettingsDoc());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
