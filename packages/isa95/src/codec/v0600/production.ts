import { EQUIPMENT_LEVELS, V0600_CODES } from '../codes.js';
import { code, DATE_TIME, DURATION, f, DECIMAL, type ComplexSpec, type FieldSpec } from '../spec.js';
import { quantity, recursive, value } from '../v0701/common.js';

// B2MML-V0600-ProductionSchedule.xsd, -ProductionPerformance(Types).xsd and -Common.xsd, read into the
// same model as V07's OperationsSchedule / OperationsPerformance.

const requestState = code(V0600_CODES.requestState);
const responseState = code(V0600_CODES.responseState);
const PRODUCTION = { operationsType: 'Production' } as const;

/** V0600 HierarchyScopeType: the child is called HierarchyScope. */
const hierarchyScope = recursive('HierarchyScopeType', (self) => [
  f.one('EquipmentID', 'equipmentId'),
  f.one('EquipmentElementLevel', 'equipmentLevel', code(EQUIPMENT_LEVELS)),
  f.opt('HierarchyScope', 'child', self),
]);

const parameter = recursive('ParameterType', (self) => [
  f.one('ID', 'id'),
  f.many('Value', 'values', value),
  f.many('Description', 'descriptions'),
  f.many('Parameter', 'children', self),
]);

/** ProductionParameter wraps one Parameter; the model keeps the parameter itself. */
const productionParameter: ComplexSpec = {
  name: 'ProductionParameterType',
  fields: [f.raw('ProductSegmentID'), f.raw('ProcessSegmentID'), { xml: 'Parameter', inline: true, type: parameter }],
};

/** The V0600 *PropertyType of requirements and actuals: ID, Description*, Value*, Quantity*. */
const property = (name: string, idRequired: boolean): ComplexSpec => ({
  name,
  fields: [
    idRequired ? f.one('ID', 'id') : f.opt('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.many('Value', 'values', value),
    f.many('Quantity', 'quantities', quantity),
    f.raw('RequiredByRequestedSegmentResponse'),
  ],
});

/**
 * MaterialRequirement, MaterialActual and their deprecated Produced/Consumed/Consumable variants,
 * which are read into the same list with `materialUse` preset.
 */
function material(args: {
  name: string;
  property: string;
  propertyIdRequired: boolean;
  lots?: boolean;
  use?: boolean;
  assembly?: 'Requirement' | 'Actual';
  materialUse?: string;
}): ComplexSpec {
  const fields: FieldSpec[] = [
    f.many('MaterialClassID', 'materialClassIds'),
    f.many('MaterialDefinitionID', 'materialDefinitionIds'),
    ...(args.lots === false
      ? []
      : [f.many('MaterialLotID', 'materialLotIds'), f.many('MaterialSubLotID', 'materialSubLotIds')]),
    f.many('Description', 'descriptions'),
    f.raw('Location'),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    ...(args.use ? [f.opt('MaterialUse', 'materialUse', code(V0600_CODES.materialUse))] : []),
    f.many('Quantity', 'quantities', quantity),
    ...(args.assembly ? [`Assembly${args.assembly}`, 'AssemblyType', 'AssemblyRelationship'].map(f.raw) : []),
    f.many(args.property, 'properties', property(`${args.property}Type`, args.propertyIdRequired)),
    f.raw('RequiredByRequestedSegmentResponse'),
  ];
  return {
    name: `${args.name}Type`,
    fields,
    ...(args.materialUse ? { preset: { materialUse: args.materialUse } } : {}),
  };
}

/** EquipmentRequirement/EquipmentActual and PersonnelRequirement/PersonnelActual. */
function resource(kind: 'Equipment' | 'Personnel', what: 'Requirement' | 'Actual'): ComplexSpec {
  const [classIds, ids] =
    kind === 'Equipment'
      ? [f.many('EquipmentClassID', 'equipmentClassIds'), f.many('EquipmentID', 'equipmentIds')]
      : [f.many('PersonnelClassID', 'personnelClassIds'), f.many('PersonID', 'personIds')];
  return {
    name: `${kind}${what}Type`,
    fields: [
      classIds,
      ids,
      f.many('Description', 'descriptions'),
      f.raw('Location'),
      f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
      f.many('Quantity', 'quantities', quantity),
      f.many(`${kind}${what}Property`, 'properties', property(`${kind}${what}PropertyType`, true)),
      f.raw('RequiredByRequestedSegmentResponse'),
    ],
  };
}

/** Reads the deprecated element into `key` (with its preset); never written. */
const readOnly = (xml: string, key: string, type: ComplexSpec): FieldSpec => ({
  ...f.many(xml, key, type),
  readOnly: true,
});

const segmentRequirement = recursive('SegmentRequirementType', (self) => [
  f.opt('ID', 'id'),
  f.opt('ProductSegmentID', 'operationsSegmentId'),
  f.opt('ProcessSegmentID', 'processSegmentId'),
  f.many('Description', 'descriptions'),
  f.raw('Location'),
  f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
  f.opt('EarliestStartTime', 'earliestStartTime', DATE_TIME),
  f.opt('LatestEndTime', 'latestEndTime', DATE_TIME),
  f.opt('Duration', 'duration', DURATION),
  f.many('ProductionParameter', 'parameters', productionParameter),
  f.many('PersonnelRequirement', 'personnelRequirements', resource('Personnel', 'Requirement')),
  f.many('EquipmentRequirement', 'equipmentRequirements', resource('Equipment', 'Requirement')),
  f.raw('PhysicalAssetRequirement'),
  f.many(
    'MaterialRequirement',
    'materialRequirements',
    material({
      name: 'MaterialRequirement',
      property: 'MaterialRequirementProperty',
      propertyIdRequired: false,
      use: true,
      assembly: 'Requirement',
    }),
  ),
  ...(
    [
      ['MaterialProducedRequirement', 'Produced'],
      ['MaterialConsumedRequirement', 'Consumed'],
    ] as const
  ).map(([name, use]) =>
    readOnly(
      name,
      'materialRequirements',
      material({ name, property: `${name}Property`, propertyIdRequired: false, materialUse: use }),
    ),
  ),
  readOnly(
    'ConsumableExpectedRequirement',
    'materialRequirements',
    material({
      name: 'ConsumableExpectedRequirement',
      property: 'ConsumableExpectedRequirementProperty',
      propertyIdRequired: false,
      lots: false,
      materialUse: 'Consumable',
    }),
  ),
  f.many('SegmentRequirement', 'children', self),
  f.raw('RequiredByRequestedSegmentResponse'),
  f.opt('SegmentState', 'segmentState', requestState),
]);

const productionRequest: ComplexSpec = {
  name: 'ProductionRequestType',
  preset: PRODUCTION,
  fields: [
    f.opt('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.opt('ProductProductionRuleID', 'operationsDefinitionId'),
    f.opt('Version', 'version'),
    f.raw('Location'),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('StartTime', 'startTime', DATE_TIME),
    f.opt('EndTime', 'endTime', DATE_TIME),
    f.opt('Priority', 'priority', DECIMAL),
    f.many('SegmentRequirement', 'segments', segmentRequirement),
    f.raw('SegmentResponse'),
    f.opt('RequestState', 'requestState', requestState),
  ],
};

/** ProductionScheduleType, read as an OperationsSchedule of type Production. */
export const productionSchedule: ComplexSpec = {
  name: 'ProductionScheduleType',
  preset: PRODUCTION,
  fields: [
    f.opt('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.raw('Location'),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('PublishedDate', 'publishedDate', DATE_TIME),
    f.opt('StartTime', 'startTime', DATE_TIME),
    f.opt('EndTime', 'endTime', DATE_TIME),
    f.raw('EquipmentElementLevel'),
    f.many('ProductionRequest', 'requests', productionRequest),
    f.opt('ScheduleState', 'scheduleState', requestState),
  ],
};

const productionData = recursive('ProductionDataType', (self) => [
  f.one('ID', 'id'),
  f.many('Description', 'descriptions'),
  f.many('Value', 'values', value),
  f.raw('RequiredByRequestedSegmentResponse'),
  f.many('ProductionData', 'children', self),
]);

const segmentResponse = recursive('SegmentResponseType', (self) => [
  f.opt('ID', 'id'),
  f.many('ProcessSegmentID', 'processSegmentIds'),
  f.many('ProductSegmentID', 'operationsSegmentIds'),
  f.many('Description', 'descriptions'),
  f.raw('Location'),
  f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
  f.opt('ActualStartTime', 'actualStartTime', DATE_TIME),
  f.opt('ActualEndTime', 'actualEndTime', DATE_TIME),
  f.many('ProductionData', 'segmentData', productionData),
  f.many('PersonnelActual', 'personnelActuals', resource('Personnel', 'Actual')),
  f.many('EquipmentActual', 'equipmentActuals', resource('Equipment', 'Actual')),
  f.raw('PhysicalAssetActual'),
  f.many(
    'MaterialActual',
    'materialActuals',
    material({
      name: 'MaterialActual',
      property: 'MaterialActualProperty',
      propertyIdRequired: true,
      use: true,
      assembly: 'Actual',
    }),
  ),
  ...(
    [
      ['MaterialProducedActual', 'Produced'],
      ['MaterialConsumedActual', 'Consumed'],
    ] as const
  ).map(([name, use]) =>
    readOnly(
      name,
      'materialActuals',
      material({ name, property: `${name}Property`, propertyIdRequired: true, materialUse: use }),
    ),
  ),
  readOnly(
    'ConsumableActual',
    'materialActuals',
    material({
      name: 'ConsumableActual',
      property: 'ConsumableActualProperty',
      propertyIdRequired: true,
      lots: false,
      materialUse: 'Consumable',
    }),
  ),
  f.many('SegmentResponse', 'children', self),
  f.raw('RequiredByRequestedSegmentResponse'),
  f.opt('SegmentState', 'segmentState', responseState),
]);

/** ProductionResponse: one request id and one production rule, where V07 allows lists. */
const productionResponse: ComplexSpec = {
  name: 'ProductionResponseType',
  preset: PRODUCTION,
  fields: [
    f.opt('ID', 'id'),
    { ...f.many('ProductionRequestID', 'operationsRequestIds'), max: 1 },
    { ...f.many('ProductProductionRuleID', 'operationsDefinitionIds'), max: 1 },
    f.opt('Version', 'version'),
    f.raw('Location'),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('StartTime', 'startTime', DATE_TIME),
    f.opt('EndTime', 'endTime', DATE_TIME),
    f.many('SegmentResponse', 'segments', segmentResponse),
    f.opt('ResponseState', 'responseState', responseState),
  ],
};

/** ProductionPerformanceType, read as an OperationsPerformance of type Production. */
export const productionPerformance: ComplexSpec = {
  name: 'ProductionPerformanceType',
  preset: PRODUCTION,
  fields: [
    f.opt('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.raw('Location'),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('PublishedDate', 'publishedDate', DATE_TIME),
    f.opt('ProductionScheduleID', 'operationsScheduleId'),
    f.opt('StartTime', 'startTime', DATE_TIME),
    f.opt('EndTime', 'endTime', DATE_TIME),
    f.raw('EquipmentElementLevel'),
    f.many('ProductionResponse', 'responses', productionResponse),
    f.opt('PerformanceState', 'performanceState', responseState),
  ],
};
