import { encodeB2mml, newApplicationArea, type DocumentOf, type OperationsRequest } from '@millwright/isa95';

/** A work order as the simulated ERP keeps it. */
export interface WorkOrder {
  /** Work order number, e.g. `WO-1001`. */
  id: string;
  /** Part number to produce. */
  material: string;
  quantity: number;
  unit: string;
  /** Hierarchy scope (equipment id of the line). */
  line: string;
  /** xsd:dateTime */
  startTime: string;
  /** xsd:dateTime */
  endTime: string;
  state: 'Released' | 'Running' | 'Completed';
}

/** The work orders a fresh simulated ERP issues: three orders for line L1, one hour apart. */
export function defaultWorkOrders(now = Date.now()): WorkOrder[] {
  const hour = 3_600_000;
  const base = Math.floor(now / hour) * hour + hour;
  const order = (i: number, material: string, quantity: number): WorkOrder => ({
    id: `WO-${1001 + i}`,
    material,
    quantity,
    unit: 'pcs',
    line: 'L1',
    startTime: new Date(base + i * hour).toISOString(),
    endTime: new Date(base + (i + 1) * hour).toISOString(),
    state: 'Released',
  });
  return [order(0, 'PART-A', 500), order(1, 'PART-B', 250), order(2, 'PART-A', 800)];
}

/** One work order as a B2MML OperationsRequest (Production, one segment with the material to produce). */
export function toOperationsRequest(wo: WorkOrder): OperationsRequest {
  return {
    id: wo.id,
    startTime: wo.startTime,
    endTime: wo.endTime,
    hierarchyScope: { equipmentId: wo.line, equipmentLevel: 'ProductionLine' },
    operationsType: 'Production',
    requestState: wo.state,
    segments: [
      {
        id: `${wo.id}-S1`,
        operationsType: 'Production',
        // V0701 requires the three references on every segment requirement.
        processSegmentId: 'PS-ASSEMBLY',
        operationsDefinitionId: `OD-${wo.material}`,
        operationsSegmentId: 'OS-ASSEMBLY',
        materialRequirements: [
          {
            id: `${wo.id}-M1`,
            materialDefinitionIds: [wo.material],
            materialUse: 'Produced',
            quantities: [{ value: wo.quantity, unit: wo.unit }],
          },
        ],
      },
    ],
  };
}

/**
 * Work orders as a B2MML V0701 `ProcessOperationsSchedule` (what an ERP sends down to the MES).
 * Throws B2mmlError if a work order cannot be written (a bug in the simulator).
 */
export function scheduleXml(orders: readonly WorkOrder[], scheduleId = 'SCHED-1'): string {
  const doc: DocumentOf<'OperationsSchedule'> = {
    verb: 'Process',
    noun: 'OperationsSchedule',
    applicationArea: newApplicationArea({ sender: { logicalId: 'ERP' }, receivers: [{ logicalId: 'MES' }] }),
    items: [{ id: scheduleId, operationsType: 'Production', requests: orders.map(toOperationsRequest) }],
  };
  return encodeB2mml(doc);
}
