import { describe, expect, it } from 'vitest';
import { evaluateRules, RULE_IDS, RULES, zoneOf, type RuleId } from './rules.js';

/*
 * Rules as defined by Nelson (J. Quality Technology 16(4), 1984, "Tests for special causes") and the
 * Western Electric Statistical Quality Control Handbook (1956). Limits CL = 0, UCL = 3, LCL = -3 make
 * σ = 1, so values read directly as σ distances. Each rule gets a sequence after which it alone fires
 * (with all eight Nelson rules enabled) and one that barely misses it.
 */
const LIMITS = { cl: 0, ucl: 3, lcl: -3 };
const NELSON = RULE_IDS.filter((r) => r.startsWith('nelson-'));

/** An in-control history of 14 points: both sides, a point beyond 1σ, no trend, no alternation. */
const P = [0.5, 1.5, -0.5, -0.2, 0.8, 0.3, -1.5, 0.4, 0.2, -0.6, 1.2, 0.1, -0.3, -0.6];

const fired = (tail: number[], enabled: readonly RuleId[] = NELSON) =>
  evaluateRules([...P, ...tail], LIMITS, enabled)?.map((v) => v.rule);

describe('run rules, one by one', () => {
  it('the in-control history fires nothing', () => {
    expect(fired([])).toEqual([]);
  });

  it.each<[RuleId, string, number[], number[]]>([
    ['nelson-1', 'one point above UCL; on the UCL does not count', [3.2], [3]],
    ['nelson-1', 'one point below LCL', [-3.01], [-3]],
    [
      'nelson-2',
      'nine above CL; eight after a point below do not',
      [0.2, 0.5, 0.3, 0.8, 0.1, 0.4, 0.6, 0.2, 0.7],
      [0.2, 0.5, 0.3, 0.8, 0.1, 0.4, 0.6, 0.2],
    ],
    [
      'nelson-2',
      'nine above CL; a point on the CL breaks the run',
      [0.2, 0.5, 0.3, 0.8, 0.1, 0.4, 0.6, 0.2, 0.7],
      [0.2, 0.5, 0.3, 0.8, 0, 0.4, 0.6, 0.2, 0.7],
    ],
    [
      'nelson-3',
      'six increasing; five increasing do not',
      [-0.9, -0.5, -0.1, 0.3, 0.7, 0.9],
      [-0.9, -0.5, -0.1, 0.3, 0.7],
    ],
    [
      'nelson-3',
      'six decreasing; a tie breaks the trend',
      [0.9, 0.7, 0.3, -0.1, -0.5, -0.9],
      [0.9, 0.7, 0.3, 0.3, -0.5, -0.9],
    ],
    [
      'nelson-4',
      'fourteen alternating; thirteen do not',
      [0.2, -0.3, 0.4, -0.2, 1.3, -0.1, 0.5, -0.4, 0.3, -0.5, 0.6, -0.2, 0.4, -0.3],
      [0.2, 0.3, 0.4, -0.2, 1.3, -0.1, 0.5, -0.4, 0.3, -0.5, 0.6, -0.2, 0.4, -0.3],
    ],
    ['nelson-5', 'two of three above 2σ; the second exactly at 2σ does not count', [2.5, 0.5, 2.2], [2.5, 0.5, 2]],
    ['nelson-5', 'two of three below -2σ; two on opposite sides do not', [-2.5, -0.5, -2.2], [2.5, -0.5, -2.2]],
    [
      'nelson-6',
      'four of five above 1σ; the fourth exactly at 1σ does not count',
      [1.5, 1.2, 0.5, 1.8, 1.1],
      [1.5, 1.2, 0.5, 1.8, 1],
    ],
    [
      'nelson-7',
      'fifteen within 1σ (1σ itself is within); one at 1.05σ breaks it',
      [0.5, -0.3, -0.5, 0.2, 0.6, -0.1, 0.3, 0.9, -0.7, -0.2, 0.4, 0.1, -0.6, 0.8, 1],
      [1.05, -0.3, -0.5, 0.2, 0.6, -0.1, 0.3, 0.9, -0.7, -0.2, 0.4, 0.1, -0.6, 0.8, 1],
    ],
    [
      'nelson-8',
      'eight beyond 1σ on both sides; one exactly at 1σ does not count',
      [1.5, -1.5, -1.2, 1.8, -1.4, 1.3, -1.6, 1.2],
      [1, -1.5, -1.2, 1.8, -1.4, 1.3, -1.6, 1.2],
    ],
  ])('%s: %s', (rule, _what, fires, misses) => {
    expect(fired(fires)).toEqual([rule]);
    expect(fired(misses)).toEqual([]);
    expect(RULES[rule].name.length).toBeGreaterThan(10);
  });

  it('a disabled rule never fires', () => {
    expect(fired([3.2], ['nelson-2', 'nelson-3'])).toEqual([]);
  });

  it('a rule needs its full number of points', () => {
    expect(evaluateRules([0.1, 0.2, 0.3, 0.4, 0.5], LIMITS, ['nelson-3'])).toEqual([]);
    expect(evaluateRules([0, 0.1, 0.2, 0.3, 0.4, 0.5], LIMITS, ['nelson-3'])).toEqual([
      { rule: 'nelson-3', ruleName: RULES['nelson-3'].name },
    ]);
  });

  it('fires at the point that completes a pattern, not at the next one inside it', () => {
    // 2.5, 2.2 complete "2 of 3"; the following 0.5 is within 2σ and must not re-fire the rule.
    expect(fired([2.5, 2.2])).toEqual(['nelson-5']);
    expect(fired([2.5, 2.2, 0.5])).toEqual([]);
    // A run that continues keeps firing, as Minitab flags each point.
    expect(fired([0.2, 0.5, 0.3, 0.8, 0.1, 0.4, 0.6, 0.2, 0.7, 0.3])).toEqual(['nelson-2']);
  });
});

describe('Western Electric rules', () => {
  it('WE 4 fires on eight on one side, where Nelson 2 waits for nine', () => {
    const eight = [0.2, 0.5, 0.3, 0.8, 0.1, 0.4, 0.6, 0.2];
    expect(fired(eight, ['we-4', 'nelson-2'])).toEqual(['we-4']);
    expect(fired([...eight, 0.7], ['we-4', 'nelson-2'])).toEqual(['we-4', 'nelson-2']);
    expect(fired(eight.slice(1), ['we-4'])).toEqual([]);
  });

  it('WE 1-3 are Nelson 1, 5, 6 and are reported once, under the first id enabled', () => {
    expect(fired([3.2], ['we-1', 'nelson-1'])).toEqual(['we-1']);
    expect(fired([3.2], ['nelson-1', 'we-1'])).toEqual(['nelson-1']);
    expect(fired([2.5, 0.5, 2.2], ['nelson-5', 'we-2'])).toEqual(['nelson-5']);
    expect(fired([1.5, 1.2, 0.5, 1.8, 1.1], ['we-3'])).toEqual(['we-3']);
    expect(fired([1.5, 1.2, 0.5, 1.8, 1], ['we-3'])).toEqual([]);
  });
});

describe('zones', () => {
  it('takes σ from the limit on the point side (asymmetric limits)', () => {
    const limits = { cl: 10, ucl: 16, lcl: 7 }; // σ 2 above, 1 below
    expect(zoneOf(10, limits)).toEqual({ side: 0, band: 0 });
    expect(zoneOf(12, limits)).toEqual({ side: 1, band: 0 });
    expect(zoneOf(14.5, limits)).toEqual({ side: 1, band: 2 });
    expect(zoneOf(16, limits)).toEqual({ side: 1, band: 2 });
    expect(zoneOf(16.01, limits)).toEqual({ side: 1, band: 3 });
    expect(zoneOf(8.5, limits)).toEqual({ side: -1, band: 1 });
    expect(zoneOf(6.9, limits)).toEqual({ side: -1, band: 3 });
  });

  it('collapsed limits (constant data) leave the rules undefined', () => {
    expect(evaluateRules([5, 5, 5], { cl: 5, ucl: 5, lcl: 5 }, NELSON)).toBeNull();
  });
});
