/** A seedable pseudo-random source, so a simulation run can be replayed exactly. */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Normally distributed with the given mean and standard deviation (Box-Muller). */
  gaussian(mean: number, sd: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
}

/**
 * mulberry32: 32-bit state, good enough statistical quality for a process simulation and
 * identical on every platform, unlike Math.random.
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    gaussian(mean, sd) {
      // 1 - next() is in (0, 1], so the log never sees 0.
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    between: (min, max) => min + (max - min) * next(),
  };
}
