import { defineNode } from '@millwright/sdk';
import { inventoryMovementConfig } from './config.js';

/** Turns material movements into B2MML MaterialLot inventory updates for an ERP. */
export default defineNode({
  type: 'inventory-movement',
  category: 'mes',
  version: 1,
  label: 'inventory movement',
  description:
    'Turns consumption, production and adjustment movements into B2MML V0701 SyncMaterialLot (or ProcessMaterialLot) documents for the ERP, and keeps the on-hand quantity per lot.',
  inputs: 1,
  outputs: ['b2mml', 'summary'],
  icon: 'factory',
  config: inventoryMovementConfig,
  async setup(ctx) {
    const { createInventoryMovement } = await import('./inventory-movement.js');
    return createInventoryMovement(ctx);
  },
});
