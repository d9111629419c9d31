import { fromZodIssues, UserError } from '@millwright/model';
import { z } from 'zod';
import type { GenealogyEdge } from '../lib/genealogy/edge.js';
import { checkTime } from '../lib/time/production-time.js';

const id = z.string().min(1);
const time = z.union([z.string().min(1), z.number().finite()]).optional();

const consumed = z.object({
  lot: id,
  material: id.optional(),
  quantity: z.number().finite().optional(),
  unit: id.optional(),
});

/** A production event: the lot produced and the lots consumed into it. */
const production = z.object({
  producedLot: id,
  producedMaterial: id.optional(),
  workOrder: id.optional(),
  equipment: id.optional(),
  productRevision: id.optional(),
  time,
  consumed: z.array(consumed).min(1),
});

/** One edge as such. */
const edge = z.object({
  consumedLot: id,
  producedLot: id,
  material: id.optional(),
  producedMaterial: id.optional(),
  quantity: z.number().finite().optional(),
  unit: id.optional(),
  workOrder: id.optional(),
  equipment: id.optional(),
  productRevision: id.optional(),
  time,
});

const payloadSchema = z.union([production, edge, z.array(edge).min(1)]);

/**
 * The genealogy edges a message payload describes: a production event `{ producedLot, consumed: [...] }`,
 * one edge `{ consumedLot, producedLot, ... }` or a list of edges. A missing time is `at()` (the
 * message's production time, epoch ms; asked only when needed).
 * @throws UserError `invalid_genealogy` naming what is wrong; `invalid_timestamp` /
 *   `future_timestamp` for a time that is not one or lies more than `maxFutureMs` ahead of `now`.
 */
export function edgesOf(
  payload: unknown,
  time: { at: () => number; now: number; maxFutureMs: number },
): GenealogyEdge[] {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issues = fromZodIssues(parsed.error.issues, ['payload']);
    const first = issues[0];
    throw new UserError(
      'invalid_genealogy',
      `expected { producedLot, consumed: [{ lot, ... }] } or { consumedLot, producedLot, ... }: ${first ? `${first.pathString}: ${first.message}` : 'invalid payload'}`,
    );
  }
  const p = parsed.data;
  const raw = Array.isArray(p)
    ? p
    : 'consumed' in p
      ? p.consumed.map((c) => ({
          consumedLot: c.lot,
          producedLot: p.producedLot,
          material: c.material,
          producedMaterial: p.producedMaterial,
          quantity: c.quantity,
          unit: c.unit,
          workOrder: p.workOrder,
          equipment: p.equipment,
          productRevision: p.productRevision,
          time: p.time,
        }))
      : [p];
  return raw.map((e) => {
    if (e.consumedLot === e.producedLot)
      throw new UserError('invalid_genealogy', `lot "${e.producedLot}" cannot consume itself`);
    const at =
      e.time === undefined
        ? time.at()
        : checkTime({ raw: e.time, path: 'payload.time', now: time.now, maxFutureMs: time.maxFutureMs });
    const out: GenealogyEdge = {
      consumedLot: e.consumedLot,
      producedLot: e.producedLot,
      time: new Date(at).toISOString(),
    };
    for (const key of [
      'material',
      'producedMaterial',
      'quantity',
      'unit',
      'workOrder',
      'equipment',
      'productRevision',
    ] as const) {
      const v = e[key];
      if (v !== undefined) Object.assign(out, { [key]: v });
    }
    return out;
  });
}
