import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '@millwright/model';

/**
 * Resolves `path` (relative paths start at `base`) to its real path, following every symbolic
 * link of the part that exists (a link inside a folder, the folder of a file not written yet),
 * and refuses it unless it lies inside `within` (also resolved). Returns the real path, which is
 * what a node should open, so the checked place is the used place.
 * Throws a UserError `file_outside_base` naming the path when it leaves `within`.
 */
export async function confinedPath(args: {
  path: string;
  base: string;
  within: readonly string[];
  /** The folder itself may be the result (a watched folder); default false (a file in it). */
  allowRoot?: boolean;
}): Promise<string> {
  const real = await realPathOf(resolve(args.base, args.path));
  for (const root of args.within) {
    const rel = relative(await realPathOf(resolve(root)), real);
    if (rel.startsWith('..') || isAbsolute(rel)) continue;
    if (rel || args.allowRoot) return real;
  }
  throw new UserError(
    'file_outside_base',
    `"${args.path}" is outside the allowed folder${args.within.length > 1 ? 's' : ''} ${args.within.join(', ')}` +
      (real === resolve(args.base, args.path) ? '' : ` (it leads to ${real})`),
  );
}

/**
 * The real path of `path`: the deepest part that exists, with the missing rest appended. A
 * dangling link is followed to where it points (opening it would create its target).
 */
async function realPathOf(path: string, depth = 0): Promise<string> {
  const rest: string[] = [];
  let p = path;
  for (;;) {
    try {
      return join(await realpath(p), ...rest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(p) === p) throw err;
      const link = await lstat(p).catch(() => undefined);
      if (link?.isSymbolicLink()) {
        if (depth > 40) throw err; // a loop: realpath's own ELOOP limit
        return join(await realPathOf(resolve(dirname(p), await readlink(p)), depth + 1), ...rest);
      }
      rest.unshift(basename(p));
      p = dirname(p);
    }
  }
}
