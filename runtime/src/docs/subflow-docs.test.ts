import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docsCommand } from '../cli/commands/docs.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('millwright docs --subflows', () => {
  it('writes a page per subflow definition with its ports and parameters, and docs/subflows is up to date', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mw-subflow-docs-'));
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    try {
      const out = join(root, 'nodes');
      expect(await docsCommand.run(['--out', out, '--subflows', join(ROOT, 'flows')], io)).toBe(0);
      const page = await readFile(join(root, 'subflows', 'scale-reading.md'), 'utf8');
      expect(page).toContain('| outputs | 2 (1: scaled, 2: out of range) |');
      expect(page).toContain('| `MAX` (Full scale) | number | `4095` |  | Raw counts at 100 %. |');
      expect(await readFile(join(root, 'subflows', 'README.md'), 'utf8')).toContain(
        '| [Scale reading](scale-reading.md) | `subflow:scale-reading` |',
      );
      // The committed pages are what the definitions in flows/ give (paths shown relative there).
      const committed = await readFile(join(ROOT, 'docs', 'subflows', 'scale-reading.md'), 'utf8');
      expect(committed).toBe(page.replace(join(ROOT, 'flows'), 'flows'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
