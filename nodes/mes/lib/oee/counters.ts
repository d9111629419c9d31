/** How a counter property reports parts. */
export type CountMode = 'increment' | 'cumulative';

/**
 * Turns counter readings into increments. `increment` readings are increments already. A
 * `cumulative` counter (a PLC part counter) gives value - previous; its first reading only sets the
 * baseline. A decrease is a wrap when `max` is set and the previous value was in the upper half of
 * 0..max (delta = max - previous + value + 1), else a reset to 0 (delta = value).
 */
export class CounterTrack {
  private last: number | undefined;

  constructor(private readonly options: { mode: CountMode; max?: number | undefined }) {}

  /**
   * The increment a reading stands for.
   * @throws RangeError for a negative, fractional or non-finite reading.
   */
  delta(value: number): number {
    if (!Number.isFinite(value) || value < 0 || !Number.isInteger(value))
      throw new RangeError(`a count must be a whole number >= 0, got ${value}`);
    if (this.options.mode === 'increment') return value;
    const last = this.last;
    this.last = value;
    if (last === undefined) return 0;
    if (value >= last) return value - last;
    const max = this.options.max;
    if (max !== undefined && last > max / 2) return max - last + value + 1;
    return value;
  }
}
