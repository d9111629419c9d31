import { describe, expect, it } from 'vitest';
import { regexProblem, testCapped } from './safe-regex.js';

describe('regexProblem', () => {
  it.each(['(a+)+', '(a*)*b', '(\\w+\\s?)*$', '((ab)+c)*', '(?:x{2,})+', '(a{1,5})+', '([a-z]+)*', '(?<w>a+)+'])(
    'rejects nested quantifier %s',
    (p) => expect(regexProblem(p)).toMatch(/ReDoS/),
  );

  it.each([
    '^ERR\\d+$',
    '(\\d{1,3}\\.){3}\\d{1,3}',
    '(ab)+',
    '[(a+)]+',
    '\\(a+\\)+',
    '(a+)?',
    '(?:foo|bar)+',
    'a+b*c?',
  ])('accepts %s', (p) => expect(regexProblem(p)).toBeUndefined());

  it('reports syntax errors', () => {
    expect(regexProblem('(')).toMatch(/^invalid regular expression: /);
    expect(regexProblem('a', 'zz')).toMatch(/^invalid regular expression: /);
  });

  it('names the offending group', () => {
    expect(regexProblem('^x(\\d+)*y')).toContain('(\\d+)*');
  });
});

describe('testCapped', () => {
  it('tests at most maxInput characters and says so', () => {
    expect(testCapped(/b$/, 'aaab', 10)).toEqual({ matched: true, capped: false });
    expect(testCapped(/b$/, 'aaab', 3)).toEqual({ matched: false, capped: true });
    expect(testCapped(/^a{3}/, 'aaab', 3)).toEqual({ matched: true, capped: true });
  });
});
