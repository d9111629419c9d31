/**
 * OEE factors from time and count totals, with the standard definitions (Nakajima, *Introduction
 * to TPM*, 1988; oee.com "OEE Calculation"):
 *
 *   Availability = Run Time / Planned Production Time        (Run Time = Planned - Downtime)
 *   Performance  = (Ideal Cycle Time × Total Count) / Run Time
 *   Quality      = Good Count / Total Count
 *   OEE          = Availability × Performance × Quality = Good Count × Ideal Cycle Time / Planned Time
 */
export interface OeeInputs {
  plannedTimeMs: number;
  runTimeMs: number;
  /** Σ ideal cycle time × count (ms); null when the ideal cycle time was unknown for some counts. */
  idealTimeMs: number | null;
  /** Null when no count was received. */
  totalCount: number | null;
  goodCount: number | null;
}

/** The factors; each null one has a reason. */
export interface OeeFactors {
  availability: number | null;
  /** Capped at 1: more than the ideal rate means the ideal cycle time is set too slow. */
  performance: number | null;
  /** Uncapped, to show how far above 1 it went. */
  performanceRaw: number | null;
  quality: number | null;
  /** A × P × Q with the capped performance. */
  oee: number | null;
  reasons: Partial<Record<'availability' | 'performance' | 'quality' | 'oee', string>>;
  warnings: string[];
}

/** Computes the factors; never returns Infinity or NaN (a zero denominator gives null and a reason). */
export function oeeFactors(i: OeeInputs): OeeFactors {
  const reasons: OeeFactors['reasons'] = {};
  const warnings: string[] = [];
  let availability: number | null = null;
  if (i.plannedTimeMs > 0) availability = i.runTimeMs / i.plannedTimeMs;
  else reasons.availability = 'no planned production time in the window';

  let performanceRaw: number | null = null;
  if (i.totalCount === null) reasons.performance = 'no counts received in the window';
  else if (i.idealTimeMs === null) reasons.performance = 'ideal cycle time unknown';
  else if (!(i.runTimeMs > 0)) reasons.performance = 'no run time in the window';
  else performanceRaw = i.idealTimeMs / i.runTimeMs;
  if (performanceRaw !== null && performanceRaw > 1)
    warnings.push(`performance ${(performanceRaw * 100).toFixed(1)} % is above 100 %: check the ideal cycle time`);

  let quality: number | null = null;
  if (i.totalCount === null) reasons.quality = 'no counts received in the window';
  else if (i.goodCount === null) reasons.quality = 'no good or reject count received';
  else if (i.totalCount === 0) reasons.quality = 'nothing produced (total count 0)';
  else if (i.goodCount > i.totalCount || i.goodCount < 0)
    reasons.quality = `good count ${i.goodCount} is not within 0 .. total count ${i.totalCount}`;
  else quality = i.goodCount / i.totalCount;

  const performance = performanceRaw === null ? null : Math.min(1, performanceRaw);
  const missing = (['availability', 'performance', 'quality'] as const).filter((k) => reasons[k] !== undefined);
  const oee =
    availability !== null && performance !== null && quality !== null ? availability * performance * quality : null;
  if (oee === null) reasons.oee = `needs ${missing.join(', ')}`;
  return { availability, performance, performanceRaw, quality, oee, reasons, warnings };
}
