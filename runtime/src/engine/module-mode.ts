import { createRequire } from 'node:module';
import { NODE_FLAGS } from './node-flags.js';

/**
 * How this runtime's own modules run: compiled JavaScript from dist/ (what `millwright start` and
 * `run` use; no loader), or TypeScript sources (tests and `npm run dev`, through tsx with the
 * `@millwright/source` export condition). Flow processes and threads start the same way as the
 * process that starts them. See docs/decisions/0004-compiled-javascript.md.
 */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** URL of a sibling module of `base` by name without extension: `.ts` from sources, `.js` compiled. */
export function moduleUrl(name: string, base: string): URL {
  return new URL(`${name}.${FROM_SOURCES ? 'ts' : 'js'}`, base);
}

/** A custom node module given as a TypeScript file (loaded through tsx: meant for `--dev`). */
const isTypeScriptModule = (specifier: string): boolean => /\.(c|m)?tsx?$/.test(specifier);

/** Whether a flow process or thread running these node modules needs the tsx loader. */
export const needsTsLoader = (nodeModules: readonly string[]): boolean =>
  FROM_SOURCES || nodeModules.some(isTypeScriptModule);

/** Node flags of a flow child process (before its heap limit). */
export function childExecArgv(nodeModules: readonly string[]): string[] {
  const args = [...NODE_FLAGS];
  if (FROM_SOURCES) args.push('--conditions=@millwright/source');
  // Resolved from here, not from the working directory, so children start from any folder.
  if (needsTsLoader(nodeModules)) args.push('--import', createRequire(import.meta.url).resolve('tsx'));
  return args;
}

let tsxRegistered: Promise<void> | undefined;

/**
 * Imports a node module. A TypeScript entry (a custom node package run from its sources, e.g. with
 * `--dev`) registers the tsx loader first, once per process; compiled packages never load it.
 */
export async function importNodeModule(specifier: string): Promise<unknown> {
  if (isTypeScriptModule(specifier) && !FROM_SOURCES) {
    tsxRegistered ??= import('tsx/esm/api').then(({ register }) => void register());
    await tsxRegistered;
  }
  return import(specifier);
}
