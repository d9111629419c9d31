import type { ApplicationArea } from '../model/application-area.js';
import type { B2mmlDocument, DocumentOf } from '../model/document.js';
import type { VerbArea, Verb } from '../model/verbs.js';

/** Rich documents that touch most modelled fields, for round trips and XSD validation. */

export const area: ApplicationArea = {
  sender: { logicalId: 'ERP-PRD', componentId: 'PP', confirmationCode: 'OnError' },
  receivers: [{ logicalId: 'MES', ids: ['plant-1'] }],
  creationDateTime: '2024-05-01T06:00:00Z',
  bodId: 'bod-0001',
};

const scope = {
  equipmentId: 'Plant1',
  equipmentLevel: 'Site',
  child: { equipmentId: 'Line1', equipmentLevel: 'ProductionLine' },
};

export const workOrder: DocumentOf<'OperationsSchedule'> = {
  verb: 'Process',
  noun: 'OperationsSchedule',
  releaseId: '7.01',
  applicationArea: area,
  verbArea: { acknowledgeCode: 'Always', actionCriteria: [{ actionExpressions: [{ actionCode: 'Add' }] }] },
  items: [
    {
      id: 'SCH-2024-18',
      descriptions: ['Week 18', 'Line 1'],
      publishedDate: '2024-04-30T12:00:00Z',
      startTime: '2024-05-01T06:00:00Z',
      endTime: '2024-05-03T22:00:00+02:00',
      hierarchyScope: scope,
      operationsType: 'Production',
      scheduleState: 'Released',
      requests: [
        {
          id: 'WO-1001',
          descriptions: ['Bottles 0.5 l & caps <blue>'],
          startTime: '2024-05-01T06:00:00Z',
          endTime: '2024-05-01T14:00:00.250Z',
          operationsType: 'Production',
          priority: '2.5',
          requestState: 'Released',
          operationsDefinitionId: 'OD-BOTTLE',
          segments: [
            {
              id: 'SEG-1',
              earliestStartTime: '2024-05-01T06:00:00Z',
              latestEndTime: '2024-05-01T14:00:00Z',
              processSegmentId: 'FILL',
              duration: 'PT8H',
              operationsDefinitionId: 'OD-BOTTLE',
              operationsSegmentId: 'OS-FILL',
              segmentState: 'Ready',
              parameters: [
                {
                  id: 'fillVolume',
                  values: [{ value: '500', unit: 'ml', dataType: 'decimal' }],
                  children: [{ id: 'tolerance', values: [{ value: '2' }] }],
                },
              ],
              personnelRequirements: [{ id: 'PR-1', personnelClassIds: ['Operator'], quantities: [{ value: '2' }] }],
              equipmentRequirements: [
                {
                  id: 'ER-1',
                  equipmentIds: ['Filler1'],
                  equipmentLevel: 'WorkCell',
                  properties: [{ id: 'speed', values: [{ value: '120', unit: 'bpm' }] }],
                },
              ],
              materialRequirements: [
                {
                  id: 'MR-1',
                  materialDefinitionIds: ['BOTTLE-05'],
                  materialUse: 'Produced',
                  quantities: [{ value: '10000', unit: 'pcs', key: 'Planned' }],
                },
                {
                  id: 'MR-2',
                  materialDefinitionIds: ['PREFORM'],
                  materialLotIds: ['LOT-77'],
                  materialUse: 'Consumed',
                  storageLocation: { location: 'WH1-A-03', locationType: 'Operational Location ID' },
                  quantities: [{ value: '10100', unit: 'pcs' }],
                  hierarchyScope: scope,
                  properties: [{ id: 'color', values: [{ value: 'blue' }], quantities: [{ value: '1' }] }],
                },
              ],
              children: [
                {
                  id: 'SEG-1.1',
                  processSegmentId: 'CAP',
                  operationsDefinitionId: 'OD-BOTTLE',
                  operationsSegmentId: 'OS-CAP',
                },
              ],
            },
          ],
        },
        {
          id: 'WO-1002',
          segments: [
            { id: 'SEG-1', processSegmentId: 'FILL', operationsDefinitionId: 'OD', operationsSegmentId: 'OS' },
          ],
        },
      ],
    },
  ],
};

export const performance: DocumentOf<'OperationsPerformance'> = {
  verb: 'Sync',
  noun: 'OperationsPerformance',
  releaseId: '7.01',
  applicationArea: { ...area, sender: { logicalId: 'MES' }, receivers: [{ logicalId: 'ERP-PRD' }], bodId: 'bod-2' },
  items: [
    {
      id: 'PERF-WO-1001',
      startTime: '2024-05-01T06:02:00Z',
      endTime: '2024-05-01T13:58:00Z',
      operationsType: 'Production',
      operationsScheduleId: 'SCH-2024-18',
      performanceState: 'Completed',
      responses: [
        {
          id: 'RESP-1',
          operationsRequestIds: ['WO-1001'],
          responseState: 'Running',
          segments: [{ id: 'SR-0', segmentState: 'Running' }],
        },
        {
          id: 'RESP-2',
          descriptions: ['shift 1'],
          startTime: '2024-05-01T06:02:00Z',
          endTime: '2024-05-01T13:58:00Z',
          hierarchyScope: scope,
          operationsType: 'Production',
          operationsRequestIds: ['WO-1001'],
          segmentRequirementIds: ['SEG-1'],
          responseState: 'Completed',
          segments: [
            {
              id: 'SR-1',
              actualStartTime: '2024-05-01T06:02:00Z',
              actualEndTime: '2024-05-01T13:58:00Z',
              processSegmentIds: ['FILL'],
              operationsRequestIds: ['WO-1001'],
              segmentState: 'Completed',
              segmentData: [{ id: 'avgTemp', values: [{ value: '21.5', unit: 'Cel' }], children: [{ id: 'max' }] }],
              personnelActuals: [
                {
                  id: 'PA-1',
                  personIds: ['op-7'],
                  quantities: [{ value: '7.75', unit: 'h' }],
                  properties: [{ id: 'shift' }],
                },
              ],
              equipmentActuals: [
                {
                  id: 'EA-1',
                  equipmentIds: ['Filler1'],
                  quantities: [{ value: '476', unit: 'min', key: 'Runtime' }],
                  properties: [{ id: 'oee', values: [{ value: '0.82' }] }],
                },
              ],
              materialActuals: [
                {
                  id: 'MA-1',
                  materialDefinitionIds: ['BOTTLE-05'],
                  materialLotIds: ['LOT-B-1'],
                  materialUse: 'Produced',
                  quantities: [
                    { value: '9812', unit: 'pcs', key: 'Good' },
                    { value: '188', unit: 'pcs', key: 'Reject' },
                  ],
                  properties: [{ id: 'rejectReason', values: [{ value: 'leak' }], children: [{ id: 'count' }] }],
                },
                {
                  id: 'MA-2',
                  materialDefinitionIds: ['PREFORM'],
                  materialUse: 'Consumed',
                  quantities: [{ value: '10000' }],
                },
              ],
              children: [{ id: 'SR-1.1', materialActuals: [{ id: 'MA-3', quantities: [{ value: '-0.000001' }] }] }],
            },
          ],
        },
      ],
    },
  ],
};

export const materialLot: DocumentOf<'MaterialLot'> = {
  verb: 'Process',
  noun: 'MaterialLot',
  releaseId: '7.01',
  applicationArea: area,
  items: [
    {
      id: 'LOT-B-1',
      descriptions: ['finished goods'],
      effectiveStartDate: '2024-05-01T14:00:00Z',
      materialDefinitionId: 'BOTTLE-05',
      status: 'Released',
      disposition: 'UnRestricted',
      properties: [{ id: 'bestBefore', values: [{ value: '2025-05-01', dataType: 'date' }] }],
      storageLocation: { location: 'WH2', locationType: 'Operational Location ID' },
      quantities: [{ value: '9812', unit: 'pcs' }],
    },
  ],
};

export const materialDefinition: DocumentOf<'MaterialDefinition'> = {
  verb: 'Sync',
  noun: 'MaterialDefinition',
  releaseId: '7.01',
  applicationArea: area,
  items: [
    {
      id: 'BOTTLE-05',
      version: '3',
      descriptions: ['PET bottle 0.5 l'],
      properties: [{ id: 'volume', values: [{ value: '0.5', unit: 'l' }], children: [{ id: 'tolerance' }] }],
      materialClassIds: ['Bottles'],
    },
  ],
};

export const equipment: DocumentOf<'Equipment'> = {
  verb: 'Sync',
  noun: 'Equipment',
  releaseId: '7.01',
  applicationArea: area,
  items: [
    {
      id: 'Line1',
      hierarchyScope: scope,
      equipmentLevel: 'ProductionLine',
      properties: [{ id: 'nominalSpeed', values: [{ value: '120' }] }],
      children: [
        { id: 'Filler1', equipmentLevel: 'WorkCell', physicalAssetId: 'SN-4711', equipmentClassIds: ['Filler'] },
      ],
      equipmentClassIds: ['Line'],
    },
  ],
};

export const equipmentClass: DocumentOf<'EquipmentClass'> = {
  verb: 'Sync',
  noun: 'EquipmentClass',
  releaseId: '7.01',
  applicationArea: area,
  items: [{ id: 'Filler', equipmentLevel: 'WorkCell', properties: [{ id: 'heads', values: [{ value: '24' }] }] }],
};

export const person: DocumentOf<'Person'> = {
  verb: 'Sync',
  noun: 'Person',
  releaseId: '7.01',
  applicationArea: area,
  items: [{ id: 'op-7', name: 'Ada Example', personnelClassIds: ['Operator'], properties: [{ id: 'badge' }] }],
};

export const personnelClass: DocumentOf<'PersonnelClass'> = {
  verb: 'Sync',
  noun: 'PersonnelClass',
  releaseId: '7.01',
  applicationArea: area,
  items: [{ id: 'Operator', descriptions: ['Line operator'], properties: [{ id: 'level', values: [{ value: '2' }] }] }],
};

export const confirmBod: DocumentOf<'BOD'> = {
  verb: 'Confirm',
  noun: 'BOD',
  applicationArea: { ...area, bodId: 'bod-c' },
  verbArea: { originalApplicationArea: area, responseCriteria: [{ responseExpression: { actionCode: 'Rejected' } }] },
  items: [{ originalApplicationArea: area, descriptions: ['WO-1002: unknown material'], notes: ['retry later'] }],
};

/** One document per noun. */
export const NOUN_FIXTURES = [
  workOrder,
  performance,
  materialLot,
  materialDefinition,
  equipment,
  equipmentClass,
  person,
  personnelClass,
] as const;

/** Verb details that fit each verb. */
export const VERB_AREAS: Record<Verb, VerbArea | undefined> = {
  Get: { expressions: ['/OperationsPerformance[ID="PERF-WO-1001"]'] },
  Show: { originalApplicationArea: area, responseCriteria: [{ responseExpression: { actionCode: 'Accepted' } }] },
  Process: { acknowledgeCode: 'OnError' },
  Acknowledge: {
    originalApplicationArea: area,
    responseCriteria: [
      {
        responseExpression: { actionCode: 'Modified', expression: 'quantity', expressionLanguage: 'text' },
        changeStatus: { code: 'M1', descriptions: ['reduced'], effectiveDateTime: '2024-05-01T07:00:00Z' },
      },
    ],
  },
  Change: {
    responseCode: 'Always',
    actionCriteria: [{ changeStatus: { reasonCode: 'late', reasons: ['material shortage'] } }],
  },
  Respond: { originalApplicationArea: area },
  Cancel: { actionCriteria: [{ actionExpressions: [{ actionCode: 'Delete', expression: 'WO-1002' }] }] },
  Sync: undefined,
};

/** The same document with another verb and matching verb details. */
export function withVerb(doc: B2mmlDocument, verb: Verb): B2mmlDocument {
  if (doc.noun === 'BOD') return doc;
  const verbArea = VERB_AREAS[verb];
  const { verbArea: _old, ...rest } = doc;
  return verbArea ? { ...rest, verb, verbArea } : { ...rest, verb };
}
