import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadDefinitions } from '../registry/node-packages.js';
import type { NodeFamily } from './node-docs.js';

/** The repo's `nodes/` folder, one workspace per node family. */
export const NODES_ROOT = fileURLToPath(new URL('../../../nodes/', import.meta.url));

/**
 * The built-in node families that exist now: every `nodes/<family>/` with an `index.ts`, named
 * after its package.json, in folder order. Throws when a family's index does not load.
 */
export async function builtInFamilies(root = NODES_ROOT): Promise<NodeFamily[]> {
  const families: NodeFamily[] = [];
  for (const dir of (await readdir(root)).sort()) {
    const index = join(root, dir, 'index.ts');
    if (!(await stat(index).catch(() => undefined))?.isFile()) continue;
    const pkg = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8').catch(() => '{}')) as {
      name?: unknown;
    };
    families.push({
      name: typeof pkg.name === 'string' ? pkg.name : `nodes/${dir}`,
      nodes: await loadDefinitions([pathToFileURL(index).href]),
    });
  }
  return families;
}
