import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '@millwright/model';
import { nodePackageFiles } from './node-package-files.js';

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const NODE_TYPE = /^[a-z][a-z0-9-]*$/;

/** The node type a package name suggests: `@acme/millwright-node-torque` -> `torque`. */
export function typeFromPackageName(name: string): string {
  return basename(name)
    .replace(/^(millwright-nodes?-|millwright-|node-red-contrib-)/, '')
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^[^a-z]+/, '');
}

/**
 * Writes a new node package `<parent>/<package basename>/`: package.json with a `millwright`
 * section, tsconfig, vitest config, README and `src/` with one node (config schema, implementation,
 * definition, tests). Throws `UserError` `invalid_package_name`, `invalid_node_type` or
 * `target_exists` (a non-empty folder is never overwritten). Returns the folder and files written.
 */
export async function scaffoldNodePackage(args: {
  name: string;
  type?: string;
  parentDir: string;
}): Promise<{ dir: string; files: string[] }> {
  if (!PACKAGE_NAME.test(args.name) || args.name.length > 214)
    throw new UserError(
      'invalid_package_name',
      `"${args.name}" is not a valid npm package name (lower case, digits, "-", "." and "_", optionally @scope/)`,
    );
  const type = args.type ?? typeFromPackageName(args.name);
  if (!NODE_TYPE.test(type))
    throw new UserError(
      'invalid_node_type',
      `node type "${type}" must be kebab-case, e.g. "torque-check" (use --type)`,
    );
  const dir = resolve(args.parentDir, basename(args.name));
  const existing = await readdir(dir).catch(() => undefined);
  if (existing?.length) throw new UserError('target_exists', `${dir} already exists and is not empty`);
  const files = nodePackageFiles({ name: args.name, type });
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return { dir, files: Object.keys(files) };
}
