import { setFlagsFromString } from 'node:v8';

// Overlapping alternatives such as `^(a|a)*$` pass the nested-quantifier check (regex-problem.ts) yet backtrack
// exponentially on a 40-character input, which would wedge the flow's worker for hours. With this
// V8 flag a regex that backtracks excessively is finished by V8's linear-time engine instead (same
// result; patterns that engine cannot run, with backreferences or lookaround, keep backtracking).
// V8 flags are process-wide and this one only changes how long such a match takes. It is set here,
// with the code that runs user regexes (loaded by the node implementations), not in the config
// checks: loading node definitions must not change the process.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

export { DEFAULT_REGEX_MAX_INPUT, regexProblem } from './regex-problem.js';

/** Runs a compiled user regex on at most `maxInput` characters of `value`. */
export function testCapped(re: RegExp, value: string, maxInput: number): { matched: boolean; capped: boolean } {
  const capped = value.length > maxInput;
  re.lastIndex = 0;
  return { matched: re.test(capped ? value.slice(0, maxInput) : value), capped };
}
