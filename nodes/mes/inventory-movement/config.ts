import { z } from 'zod';
import { productionTimeFields } from '../lib/time/time-config.js';

/** Config of the inventory-movement node. */
export const inventoryMovementConfig = z.object({
  verb: z.enum(['Sync', 'Process']).default('Sync').meta({
    description:
      '`Sync`: tell the ERP the lot state after the movement (SyncMaterialLot). `Process`: ask it to process the update (ProcessMaterialLot; it may answer with an Acknowledge).',
  }),
  sender: z.string().default('').meta({ description: 'ApplicationArea Sender LogicalID, e.g. `MES-LINE1`.' }),
  receiver: z.string().default('').meta({ description: 'ApplicationArea Receiver LogicalID, e.g. `ERP`.' }),
  allowNegative: z.boolean().default(true).meta({
    description:
      'Allow a consumption to take more than the on-hand quantity this node knows (lots received outside the MES start at 0). Off: such a movement raises `insufficient_quantity` and nothing is sent.',
  }),
  locationType: z.string().default('Operational Location ID').meta({
    description: 'B2MML LocationType written with `payload.location` (StorageLocation).',
    advanced: true,
  }),
  ...productionTimeFields,
});

export type InventoryMovementConfig = z.output<typeof inventoryMovementConfig>;
