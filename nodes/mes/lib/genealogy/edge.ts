import { z } from 'zod';

/** One genealogy link: (part of) lot `consumedLot` went into lot `producedLot`. */
export const genealogyEdgeSchema = z
  .object({
    consumedLot: z.string().min(1),
    producedLot: z.string().min(1),
    /** Material of the consumed lot. */
    material: z.string().min(1).optional(),
    /** Material of the produced lot. */
    producedMaterial: z.string().min(1).optional(),
    /** Amount of the consumed lot that went in. */
    quantity: z.number().finite().optional(),
    unit: z.string().min(1).optional(),
    workOrder: z.string().min(1).optional(),
    equipment: z.string().min(1).optional(),
    /** Revision of the produced material's definition it was made with (PLM), e.g. `B`. */
    productRevision: z.string().min(1).optional(),
    /** ISO 8601 date-time of the consumption. */
    time: z.iso.datetime({ offset: true }),
  })
  .refine((e) => e.consumedLot !== e.producedLot, {
    message: 'a lot cannot consume itself',
    path: ['consumedLot'],
  });

export type GenealogyEdge = z.infer<typeof genealogyEdgeSchema>;
