import { newApplicationArea, type DocumentOf, type Property } from '@millwright/isa95';
import type { InventoryMovementConfig } from './config.js';
import type { Movement, MovementResult } from './movement.js';

const MOVEMENT_NAMES = { consumption: 'Consumption', production: 'Production', adjustment: 'Adjustment' } as const;

/**
 * The MaterialLot document of one movement: the lot's state after it (Quantity = on hand), with
 * the movement itself as lot properties (MovementType, MovementQuantity, WorkOrder, Equipment,
 * MovementTime) so the ERP can post it.
 */
export function materialLotDocument(
  m: Movement,
  r: MovementResult,
  cfg: InventoryMovementConfig,
): DocumentOf<'MaterialLot'> {
  const unit = r.unit ?? undefined;
  const properties: Property[] = [
    { id: 'MovementType', values: [{ value: MOVEMENT_NAMES[r.movement], dataType: 'string' }] },
    { id: 'MovementQuantity', values: [{ value: String(r.delta), dataType: 'decimal', ...(unit ? { unit } : {}) }] },
    { id: 'MovementTime', values: [{ value: r.time, dataType: 'dateTime' }] },
  ];
  if (r.workOrder) properties.push({ id: 'WorkOrder', values: [{ value: r.workOrder, dataType: 'string' }] });
  if (r.equipment) properties.push({ id: 'Equipment', values: [{ value: r.equipment, dataType: 'string' }] });
  return {
    verb: cfg.verb,
    noun: 'MaterialLot',
    applicationArea: newApplicationArea({
      ...(cfg.sender ? { sender: { logicalId: cfg.sender } } : {}),
      ...(cfg.receiver ? { receivers: [{ logicalId: cfg.receiver }] } : {}),
    }),
    items: [
      {
        id: r.lot,
        ...(r.material ? { materialDefinitionId: r.material } : {}),
        ...(m.status ? { status: m.status } : {}),
        properties,
        ...(m.location ? { storageLocation: { location: m.location, locationType: cfg.locationType } } : {}),
        quantities: [{ value: r.onHand, ...(unit ? { unit } : {}), key: 'OnHand' }],
      },
    ],
  };
}
