/** Specification limits of a characteristic; either side may be missing (one-sided spec). */
export interface SpecLimits {
  lsl?: number | undefined;
  usl?: number | undefined;
}

/** Capability indices; a null index comes with its reason in `reasons`. */
export interface Capability {
  cp: number | null;
  cpk: number | null;
  pp: number | null;
  ppk: number | null;
  /** Mean of the values the indices describe. */
  mean: number | null;
  /** Short-term σ (R̄/d2 or MR̄/1.128): Cp and Cpk. */
  sigmaWithin: number | null;
  /** Overall sample standard deviation of all values: Pp and Ppk. */
  sigmaOverall: number | null;
  /** Why an index is null, e.g. `zero variation (constant data)`. */
  reasons: Partial<Record<'cp' | 'cpk' | 'pp' | 'ppk', string>>;
}

/**
 * The potential (p) and actual (pk) index for one σ: p = (USL - LSL)/6σ, pk = min(USL - μ, μ - LSL)/3σ
 * with only the present side for a one-sided spec (Montgomery, section 8.3, eq. 8.5-8.8).
 */
function indexPair(
  spec: SpecLimits,
  mu: number | null,
  sigma: number | null,
  missing: string,
): { p: number | null; pk: number | null; pReason?: string; pkReason?: string } {
  const { lsl, usl } = spec;
  if (lsl === undefined && usl === undefined) {
    const reason = 'no specification limits';
    return { p: null, pk: null, pReason: reason, pkReason: reason };
  }
  if (sigma === null || mu === null) return { p: null, pk: null, pReason: missing, pkReason: missing };
  if (!(sigma > 0)) {
    const reason = 'zero variation (constant data): σ = 0';
    return { p: null, pk: null, pReason: reason, pkReason: reason };
  }
  const p = lsl !== undefined && usl !== undefined ? (usl - lsl) / (6 * sigma) : null;
  const sides = [
    usl !== undefined ? (usl - mu) / (3 * sigma) : Infinity,
    lsl !== undefined ? (mu - lsl) / (3 * sigma) : Infinity,
  ];
  const pk = Math.min(...sides);
  return p === null ? { p, pk, pReason: 'needs both LSL and USL (one-sided specification)' } : { p, pk };
}

/**
 * Cp, Cpk (σ within) and Pp, Ppk (σ overall) of values with mean `mean`. A σ of null means too few
 * values (`tooFew` names why); σ = 0 (constant data) gives null indices with a reason, never
 * Infinity or NaN.
 */
export function capability(args: {
  spec: SpecLimits;
  mean: number | null;
  sigmaWithin: number | null;
  sigmaOverall: number | null;
  tooFew?: string;
}): Capability {
  const tooFew = args.tooFew ?? 'not enough values';
  const w = indexPair(args.spec, args.mean, args.sigmaWithin, tooFew);
  const o = indexPair(args.spec, args.mean, args.sigmaOverall, tooFew);
  const reasons: Capability['reasons'] = {};
  if (w.pReason) reasons.cp = w.pReason;
  if (w.pkReason) reasons.cpk = w.pkReason;
  if (o.pReason) reasons.pp = o.pReason;
  if (o.pkReason) reasons.ppk = o.pkReason;
  return {
    cp: w.p,
    cpk: w.pk,
    pp: o.p,
    ppk: o.pk,
    mean: args.mean,
    sigmaWithin: args.sigmaWithin,
    sigmaOverall: args.sigmaOverall,
    reasons,
  };
}
