import { describe, expect, it } from 'vitest';
import { stripCommentsAndStrings, usesAwait } from './detect-await.js';

describe('usesAwait', () => {
  it('finds await in code, including inside a template expression', () => {
    expect(usesAwait('const r = await fetchIt();\nreturn r;')).toBe(true);
    expect(usesAwait('return `${await x}`;')).toBe(true);
    expect(usesAwait('return `a ${ { b: 1 }.b } ${await x}`;')).toBe(true);
  });

  it('ignores await in comments, strings and template text, and as part of a name', () => {
    expect(usesAwait('// await later\n/* await */ return "await" + \'await\' + `await ${1}`;')).toBe(false);
    expect(usesAwait('const awaited = 1; const x = "say \\"await\\""; return msg;')).toBe(false);
  });

  it('keeps code after a string and blanks the string text', () => {
    expect(stripCommentsAndStrings('a("x y") // c\nb')).toBe('a("") \nb');
  });
});
