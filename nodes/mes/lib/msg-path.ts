import { z } from 'zod';

// A message property path such as `payload.lot` or `payload.values[2].x`.
const PATH = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Why `path` is not a usable message path, or undefined. */
export function msgPathProblem(path: string): string | undefined {
  if (!PATH.test(path)) return `"${path}" is not a property path such as payload.lot or payload.values[0]`;
  if (split(path).some((s) => typeof s === 'string' && FORBIDDEN.has(s))) return `"${path}" uses a reserved name`;
  return undefined;
}

/** A zod schema for a message path (empty string allowed when `optional`). */
export function msgPath(description: string, def: string, optional = false) {
  return z
    .string()
    .default(def)
    .superRefine((v, ctx) => {
      if (optional && v === '') return;
      const problem = msgPathProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description });
}

function split(path: string): Array<string | number> {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The value at `path` in `root` (own properties only), or undefined when a step is missing. */
export function getPath(root: unknown, path: string): unknown {
  let cur = root;
  for (const seg of split(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, seg)) return undefined;
    cur = Reflect.get(cur, seg);
  }
  return cur;
}
