import { encodeB2mml, type DocumentOf, type OperationsDefinitionInformation } from '@millwright/isa95';

/** One BOM line of a product revision. */
export interface BomLine {
  material: string;
  quantity: number;
  unit: string;
}

/** A released revision of a product: what the plant needs to make it. */
export interface ProductRevision {
  /** Release number across all products, 1, 2, ... (what a poller remembers). */
  seq: number;
  /** Material (part number) the definition makes, e.g. `PART-A`. */
  product: string;
  /** Revision letter, A, B, ... */
  revision: string;
  /** Melt temperature setpoint of the molding step, °C. */
  temperatureSetpoint: number;
  bom: BomLine[];
  releasedAt: string;
}

/** The demo products at revision A: PART-A at 65 °C, PART-B at 70 °C (as the demo work-order flow). */
export function initialRevisions(now = new Date()): Array<Omit<ProductRevision, 'seq'>> {
  const releasedAt = now.toISOString();
  return [
    {
      product: 'PART-A',
      revision: 'A',
      temperatureSetpoint: 65,
      bom: [
        { material: 'PP-NATURAL', quantity: 0.125, unit: 'kg' },
        { material: 'MB-BLUE', quantity: 0.002, unit: 'kg' },
      ],
      releasedAt,
    },
    {
      product: 'PART-B',
      revision: 'A',
      temperatureSetpoint: 70,
      bom: [
        { material: 'PP-NATURAL', quantity: 0.09, unit: 'kg' },
        { material: 'MB-RED', quantity: 0.0015, unit: 'kg' },
      ],
      releasedAt,
    },
  ];
}

/** The next revision letter: A → B, Z → AA. */
export function nextRevision(revision: string): string {
  const last = revision.at(-1) ?? '@';
  if (last === 'Z' || !/^[A-Z]$/.test(last)) return `${revision}A`;
  return revision.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
}

/**
 * The default engineering change: the setpoint 2 °C up and the colour masterbatch 10 % down, so a
 * release without a body changes both the BOM and a process parameter.
 */
export function defaultChange(current: ProductRevision): Pick<ProductRevision, 'temperatureSetpoint' | 'bom'> {
  return {
    temperatureSetpoint: current.temperatureSetpoint + 2,
    bom: current.bom.map((l, i) =>
      i === current.bom.length - 1 ? { ...l, quantity: Math.round(l.quantity * 0.9 * 1e6) / 1e6 } : l,
    ),
  };
}

/**
 * A revision as B2MML V0701 OperationsDefinitionInformation: the product definition (an
 * OperationsDefinition of type Production, version = revision) with one molding segment carrying
 * the TemperatureSetpoint parameter and the material specifications, and its OperationsMaterialBill.
 */
export function revisionInformation(rev: ProductRevision): OperationsDefinitionInformation {
  const bomId = `BOM-${rev.product}-${rev.revision}`;
  const specs = rev.bom.map((l, i) => ({
    id: `MS-${i + 1}`,
    materialDefinitionIds: [l.material],
    materialUse: 'Consumed',
    quantities: [{ value: l.quantity, unit: l.unit }],
  }));
  return {
    id: `PLM-${rev.product}-${rev.revision}`,
    descriptions: [`${rev.product} revision ${rev.revision} released`],
    publishedDate: rev.releasedAt,
    definitions: [
      {
        id: `PD-${rev.product}`,
        version: rev.revision,
        publishedDate: rev.releasedAt,
        effectiveStartDate: rev.releasedAt,
        operationsType: 'Production',
        definitionType: 'Instance',
        segments: [
          {
            id: 'SEG-MOLD',
            operationsType: 'Production',
            processSegmentIds: ['PS-MOLD'],
            operationsMaterialBillIds: [bomId],
            parameters: [
              {
                id: 'TemperatureSetpoint',
                values: [{ value: String(rev.temperatureSetpoint), dataType: 'decimal', unit: 'Cel' }],
              },
            ],
            materialSpecifications: [
              ...specs,
              {
                id: 'MS-OUT',
                materialDefinitionIds: [rev.product],
                materialUse: 'Produced',
                quantities: [{ value: 1, unit: 'pcs' }],
              },
            ],
          },
        ],
        operationsMaterialBillIds: [bomId],
      },
    ],
    materialBills: [
      {
        id: bomId,
        version: rev.revision,
        items: rev.bom.map((l, i) => ({
          id: `${bomId}-${i + 1}`,
          useType: 'Consumed',
          materialSpecificationIds: [`MS-${i + 1}`],
          quantities: [{ value: l.quantity, unit: l.unit }],
        })),
      },
    ],
  };
}

/** The revision as a SyncOperationsDefinitionInformation document (BODID `plm-rev-<seq>`, the same on every read). */
export function revisionXml(rev: ProductRevision): string {
  const doc: DocumentOf<'OperationsDefinitionInformation'> = {
    verb: 'Sync',
    noun: 'OperationsDefinitionInformation',
    applicationArea: {
      sender: { logicalId: 'PLM' },
      creationDateTime: rev.releasedAt,
      bodId: `plm-rev-${rev.seq}`,
    },
    items: [revisionInformation(rev)],
  };
  return encodeB2mml(doc);
}
