import { confinedPath, confinementOf, type NodeContext } from '@millwright/sdk';

/**
 * Where a file node's relative paths start and what they must stay inside: the node's `baseDir`
 * (itself inside an allowed folder), else the first allowed folder with all of them as bounds.
 * The real path (symbolic links followed) is checked against `within` on each use; `roots` are the
 * allowed folders themselves.
 */
export async function fileBase(
  ctx: NodeContext<unknown>,
  baseDir: string | undefined,
): Promise<{ base: string; within: string[]; roots: string[] }> {
  const roots = [...confinementOf(ctx).fileRoots];
  if (!baseDir) return { base: roots[0] ?? '.', within: roots, roots };
  const base = await confinedPath({ path: baseDir, base: roots[0] ?? '.', within: roots, allowRoot: true });
  return { base, within: [base], roots };
}
