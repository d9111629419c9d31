// Checks of user regexes for config validation. Pure: the config schemas load it everywhere node
// definitions are loaded; safe-regex.ts, which the implementations load, sets the V8 flag.

/** Longest string a user regex is run against by default; longer inputs are cut to this length. */
export const DEFAULT_REGEX_MAX_INPUT = 10_000;

/**
 * Why `pattern` must not be used as a user regex, or undefined when it is acceptable: either it
 * does not compile, or it repeats a group that itself contains a repetition, such as `(a+)+` or
 * `(\w+\s?)*`. Such patterns backtrack exponentially on near-miss input (ReDoS) and would freeze the
 * flow's worker. This is a heuristic: overlapping alternatives such as `(a|a)*` are not detected;
 * the V8 flag set by safe-regex.ts bounds those, and inputs are also capped in length.
 */
export function regexProblem(pattern: string, flags = ''): string | undefined {
  try {
    new RegExp(pattern, flags);
  } catch (err) {
    return `invalid regular expression: ${err instanceof Error ? err.message : String(err)}`;
  }
  const nested = findNestedQuantifier(pattern);
  if (nested)
    return (
      `pattern repeats a group that already contains a repetition (${nested}); ` +
      'this can take exponential time on some inputs (ReDoS). Rewrite it without nested quantifiers'
    );
  return undefined;
}

interface Quantifier {
  length: number;
  /** Allows more than one repetition (`*`, `+`, `{2,}`, `{1,3}`). */
  repeats: boolean;
  unbounded: boolean;
}

function readQuantifier(p: string, i: number): Quantifier | null {
  const c = p[i];
  let q: Quantifier | null = null;
  if (c === '*' || c === '+') q = { length: 1, repeats: true, unbounded: true };
  else if (c === '?') q = { length: 1, repeats: false, unbounded: false };
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (m) {
      const max = m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity;
      q = { length: m[0].length, repeats: max > 1, unbounded: max === Infinity };
    }
  }
  if (q && p[i + q.length] === '?') q.length++; // lazy modifier
  return q;
}

/** Returns the offending group's source, or null. Character classes and escapes are skipped. */
function findNestedQuantifier(p: string): string | null {
  const root = { start: 0, inner: false };
  const stack = [root];
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    const top = stack[stack.length - 1] ?? root;
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      if (p[i] === ']') i++;
      while (i < p.length && p[i] !== ']') i += p[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      stack.push({ start: i, inner: false });
      i++;
      // (?:  (?=  (?!  (?<=  (?<!  (?<name>: the ? here is syntax, not a quantifier
      if (p[i] === '?') {
        const m = /^\?(<[=!]|<[^>]*>|[:=!])/.exec(p.slice(i));
        i += m ? m[0].length : 1;
      }
      continue;
    } else if (c === ')') {
      const group = (stack.length > 1 ? stack.pop() : undefined) ?? top;
      const q = readQuantifier(p, i + 1);
      if (q?.unbounded && group.inner) return p.slice(group.start, i + 1 + q.length);
      const parent = stack[stack.length - 1] ?? root;
      parent.inner ||= group.inner || !!q?.repeats;
      i += 1 + (q?.length ?? 0);
      continue;
    } else {
      i++;
    }
    const q = readQuantifier(p, i);
    if (q) {
      if (q.repeats) top.inner = true;
      i += q.length;
    }
  }
  return null;
}
