import type { DocumentOf } from '../model/document.js';
import type {
  OperationsDefinition,
  OperationsMaterialBill,
  OperationsSegment,
} from '../model/operations-definition.js';
import type { ProcessSegment } from '../model/process-segment.js';
import { area } from './fixtures.js';

/** PLM master data with every modelled field filled, for round trips and XSD validation. */

const scope = {
  equipmentId: 'Plant1',
  equipmentLevel: 'Site',
  child: { equipmentId: 'Line1', equipmentLevel: 'ProductionLine' },
};
const dated = {
  publishedDate: '2024-04-30T12:00:00Z',
  effectiveStartDate: '2024-05-01T00:00:00Z',
  effectiveEndDate: '2025-05-01T00:00:00+02:00',
};

const molding: OperationsSegment = {
  id: 'SEG-MOLD',
  descriptions: ['Injection molding'],
  version: 'B',
  ...dated,
  operationsType: 'Production',
  definitionType: 'Instance',
  hierarchyScope: scope,
  duration: 'PT42S',
  processSegmentIds: ['PS-MOLD'],
  operationsMaterialBillIds: ['BOM-PART-A-B'],
  parameters: [
    {
      id: 'TemperatureSetpoint',
      values: [{ value: '67.5', dataType: 'decimal', unit: 'Cel' }],
      descriptions: ['Melt temperature'],
      children: [{ id: 'Tolerance', values: [{ value: '3', unit: 'Cel' }] }],
    },
  ],
  equipmentSpecifications: [
    {
      id: 'ES-1',
      equipmentClassIds: ['Molder'],
      equipmentIds: ['Machine1'],
      descriptions: ['a 200 t press'],
      equipmentUse: 'Production',
      hierarchyScope: scope,
      quantities: [{ value: 1, unit: 'ea' }],
      properties: [{ id: 'tonnage', values: [{ value: '200', unit: 't' }] }],
    },
  ],
  materialSpecifications: [
    {
      id: 'MS-RESIN',
      materialClassIds: ['Resin'],
      materialDefinitionIds: ['PP-NATURAL'],
      materialLotIds: ['LOT-R-1'],
      descriptions: ['Polypropylene'],
      materialUse: 'Consumed',
      hierarchyScope: scope,
      quantities: [{ value: 0.125, unit: 'kg', dataType: 'decimal', key: 'per part' }],
      properties: [
        {
          id: 'MFI',
          descriptions: ['melt flow index'],
          values: [{ value: '12' }],
          quantities: [{ value: 12, unit: 'g/10min' }],
          children: [{ id: 'MFI-method', values: [{ value: 'ISO 1133' }] }],
        },
      ],
    },
    {
      id: 'MS-PART',
      materialDefinitionIds: ['PART-A'],
      materialUse: 'Produced',
      quantities: [{ value: 1, unit: 'pcs' }],
    },
  ],
  dependencies: [{ id: 'DEP-1', descriptions: ['after drying'], dependency: 'AfterEnd', segmentIds: ['SEG-DRY'] }],
  children: [{ id: 'SEG-MOLD-FILL', duration: 'PT2S' }],
};

export const productDefinition: OperationsDefinition = {
  id: 'PD-PART-A',
  descriptions: ['Part A, revision B'],
  version: 'B',
  ...dated,
  hierarchyScope: scope,
  operationsType: 'Production',
  definitionType: 'Instance',
  segments: [{ id: 'SEG-DRY', operationsType: 'Production', duration: 'PT2H' }, molding],
  billOfMaterialsIds: ['ERP-BOM-4711'],
  operationsMaterialBillIds: ['BOM-PART-A-B'],
};

export const materialBill: OperationsMaterialBill = {
  id: 'BOM-PART-A-B',
  descriptions: ['BOM of Part A rev B'],
  version: 'B',
  ...dated,
  hierarchyScope: scope,
  useType: 'Production',
  items: [
    {
      id: 'BOM-ITEM-1',
      descriptions: ['resin'],
      version: '1',
      ...dated,
      useType: 'Consumed',
      hierarchyScope: scope,
      children: [
        { id: 'BOM-ITEM-1.1', materialSpecificationIds: ['MS-COLOR'], quantities: [{ value: 0.002, unit: 'kg' }] },
      ],
      materialSpecificationIds: ['MS-RESIN'],
      quantities: [{ value: 0.125, unit: 'kg' }],
    },
  ],
  billOfMaterialsIds: ['ERP-BOM-4711'],
};

export const processSegment: ProcessSegment = {
  id: 'PS-MOLD',
  descriptions: ['Molding, any product'],
  version: '3',
  ...dated,
  operationsType: 'Production',
  hierarchyScope: scope,
  definitionType: 'Pattern',
  equipmentSpecifications: [
    {
      id: 'PSE-1',
      equipmentClassIds: ['Molder'],
      equipmentIds: ['Machine1'],
      descriptions: ['press'],
      equipmentUse: 'Production',
      hierarchyScope: scope,
      quantities: [{ value: 1 }],
      properties: [{ id: 'tonnage', values: [{ value: '200', unit: 't' }], children: [{ id: 'class' }] }],
    },
  ],
  materialSpecifications: [
    {
      id: 'PSM-1',
      materialClassIds: ['Resin'],
      materialDefinitionIds: ['PP-NATURAL'],
      materialLotIds: ['LOT-R-1'],
      descriptions: ['resin'],
      materialUse: 'Consumed',
      hierarchyScope: scope,
      quantities: [{ value: 0.125, unit: 'kg' }],
      properties: [
        { id: 'MFI', quantities: [{ value: 12 }], children: [{ id: 'method', values: [{ value: 'ISO' }] }] },
      ],
    },
  ],
  parameters: [{ id: 'TemperatureSetpoint', values: [{ value: '65', unit: 'Cel' }] }],
  dependencies: [{ id: 'PSD-1', dependency: 'AfterEnd', segmentIds: ['PS-DRY'] }],
  children: [{ id: 'PS-MOLD-FILL', parameters: [{ id: 'InjectionSpeed', values: [{ value: '80' }] }] }],
};

/** One document per PLM noun. */
export const PLM_FIXTURES = [
  { verb: 'Sync', noun: 'OperationsDefinition', releaseId: '7.01', applicationArea: area, items: [productDefinition] },
  { verb: 'Sync', noun: 'OperationsMaterialBill', releaseId: '7.01', applicationArea: area, items: [materialBill] },
  { verb: 'Sync', noun: 'ProcessSegment', releaseId: '7.01', applicationArea: area, items: [processSegment] },
  {
    verb: 'Sync',
    noun: 'OperationsDefinitionInformation',
    releaseId: '7.01',
    applicationArea: area,
    items: [
      {
        id: 'PLM-REV-PART-A-B',
        descriptions: ['Part A revision B released'],
        hierarchyScope: scope,
        publishedDate: '2024-04-30T12:00:00Z',
        definitions: [productDefinition],
        segments: [molding],
        materialBills: [materialBill],
      },
    ],
  },
] as const satisfies ReadonlyArray<
  DocumentOf<'OperationsDefinition' | 'OperationsMaterialBill' | 'ProcessSegment' | 'OperationsDefinitionInformation'>
>;
