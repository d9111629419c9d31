import { fromZodIssues, UserError } from '@millwright/model';
import { z } from 'zod';

const id = z.string().min(1);

/** A material movement message (`msg.payload`). */
export const movementSchema = z
  .object({
    type: z.enum(['consumption', 'production', 'adjustment']),
    lot: id,
    material: id.optional(),
    /** Consumption and production: the amount moved (> 0). Adjustment: a signed correction. */
    quantity: z.number().finite().optional(),
    /** Adjustment only: the counted on-hand quantity (replaces the balance). */
    onHand: z.number().finite().min(0).optional(),
    unit: id.optional(),
    workOrder: id.optional(),
    equipment: id.optional(),
    location: id.optional(),
    status: id.optional(),
    time: z.union([id, z.number().finite()]).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.type !== 'adjustment') {
      if (m.quantity === undefined || !(m.quantity > 0))
        ctx.addIssue({ code: 'custom', path: ['quantity'], message: `a ${m.type} needs a quantity > 0` });
      if (m.onHand !== undefined)
        ctx.addIssue({ code: 'custom', path: ['onHand'], message: 'only adjustments set onHand' });
    } else if ((m.quantity === undefined) === (m.onHand === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['quantity'],
        message: 'an adjustment needs either quantity (signed) or onHand',
      });
  });
export type Movement = z.infer<typeof movementSchema>;

/** What this node knows about one lot (node context `inventory.lots[lot]`). */
export interface LotBalance {
  lot: string;
  material: string | null;
  unit: string | null;
  onHand: number;
  location: string | null;
  /** Production time of the newest movement. */
  updated: string;
  /** Time of the last counted stock (an adjustment with `onHand`); movements made before it are in that count. */
  countedAt?: string | null;
}

/** One applied movement: the signed change and the balance after it. */
export interface MovementResult {
  movement: Movement['type'];
  lot: string;
  material: string | null;
  unit: string | null;
  /** Signed change of the on-hand quantity. */
  delta: number;
  onHand: number;
  /** The balance went below 0 (a lot received outside this node). */
  negative: boolean;
  /** The movement was made before the lot's last count, which includes it: the balance stays. */
  beforeCount: boolean;
  workOrder: string | null;
  equipment: string | null;
  time: string;
}

/**
 * Parses a movement payload.
 * @throws UserError `invalid_movement` naming the first fault.
 */
export function parseMovement(payload: unknown): Movement {
  const parsed = movementSchema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const first = fromZodIssues(parsed.error.issues, ['payload'])[0];
  throw new UserError('invalid_movement', first ? `${first.pathString}: ${first.message}` : 'invalid movement');
}

/**
 * Applies `m`, made at `at` (its production time, epoch ms), to `balances` (mutated) and returns
 * the result. New lots start at 0. A movement made before the lot's last counted stock is part of
 * that count: it leaves the balance alone (`beforeCount`).
 * @throws UserError `unit_mismatch`, `material_mismatch` or, with `allowNegative` false,
 *   `insufficient_quantity`; the balances are then unchanged.
 */
export function applyMovement(
  balances: Map<string, LotBalance>,
  m: Movement,
  options: { allowNegative: boolean; at: number },
): MovementResult {
  const known = balances.get(m.lot);
  const unit = m.unit ?? known?.unit ?? null;
  const material = m.material ?? known?.material ?? null;
  if (known?.unit && m.unit && known.unit !== m.unit)
    throw new UserError('unit_mismatch', `lot ${m.lot} is kept in ${known.unit}, the movement is in ${m.unit}`);
  if (known?.material && m.material && known.material !== m.material)
    throw new UserError('material_mismatch', `lot ${m.lot} is ${known.material}, the movement names ${m.material}`);
  const before = known?.onHand ?? 0;
  const time = new Date(options.at).toISOString();
  const counted = m.type === 'adjustment' && m.onHand !== undefined;
  const beforeCount = !counted && known?.countedAt != null && time < known.countedAt;
  const delta = beforeCount
    ? 0
    : m.type === 'consumption'
      ? -(m.quantity ?? 0)
      : m.type === 'production'
        ? (m.quantity ?? 0)
        : m.onHand !== undefined
          ? m.onHand - before
          : (m.quantity ?? 0);
  const onHand = before + delta;
  if (onHand < 0 && !options.allowNegative)
    throw new UserError(
      'insufficient_quantity',
      `lot ${m.lot} has ${before}${unit ? ` ${unit}` : ''}, cannot take ${-delta}`,
    );
  balances.set(m.lot, {
    lot: m.lot,
    material,
    unit,
    onHand,
    location: m.location ?? known?.location ?? null,
    updated: known && known.updated > time ? known.updated : time,
    countedAt: counted ? time : (known?.countedAt ?? null),
  });
  return {
    movement: m.type,
    lot: m.lot,
    material,
    unit,
    delta,
    onHand,
    negative: onHand < 0,
    beforeCount,
    workOrder: m.workOrder ?? null,
    equipment: m.equipment ?? null,
    time,
  };
}
