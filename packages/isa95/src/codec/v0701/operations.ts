import { EQUIPMENT_LEVELS, V0701_CODES } from '../codes.js';
import { code, DATE_TIME, DURATION, f, DECIMAL, type ComplexSpec } from '../spec.js';
import { hierarchyScope, location, parameter, quantity, recursive, segmentProperty, value } from './common.js';

// B2MML-OperationsSchedule.xsd, B2MML-OperationsPerformance(Types).xsd and B2MML-Common.xsd (Op*Requirement).

const operationsType = code(V0701_CODES.operationsType);
const requestState = code(V0701_CODES.requestState);
const responseState = code(V0701_CODES.responseState);
const materialUse = code(V0701_CODES.materialUse);

const reqProperty = (kind: string, refs: readonly string[]) =>
  segmentProperty({
    name: `Op${kind}RequirementPropertyType`,
    child: `${kind}RequirementPropertyChild`,
    refs,
    childFirst: false,
  });

const actualProperty = (kind: string, refs: readonly string[]) =>
  segmentProperty({ name: `Op${kind}ActualPropertyType`, child: `${kind}ActualPropertyChild`, refs, childFirst: true });

const materialRefs = ['MaterialClassPropertyID', 'MaterialDefinitionPropertyID', 'MaterialLotPropertyID'];
const equipmentRefs = ['EquipmentClassPropertyID', 'EquipmentPropertyID'];
const personnelRefs = ['PersonnelClassPropertyID', 'PersonPropertyID'];

/** OpMaterialRequirementType and OpMaterialActualType share their head. */
const materialHead = [
  f.one('ID', 'id'),
  f.many('MaterialClassID', 'materialClassIds'),
  f.many('MaterialDefinitionID', 'materialDefinitionIds'),
  f.many('MaterialLotID', 'materialLotIds'),
  f.many('MaterialSubLotID', 'materialSubLotIds'),
  f.many('Description', 'descriptions'),
  f.opt('MaterialUse', 'materialUse', materialUse),
  f.raw('SpatialDefinition'),
  f.opt('StorageLocation', 'storageLocation', location),
  f.many('Quantity', 'quantities', quantity),
];

const materialRequirement: ComplexSpec = {
  name: 'OpMaterialRequirementType',
  fields: [
    ...materialHead,
    ...['AssemblyRequirement', 'AssemblyType', 'AssemblyRelationship'].map(f.raw),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.many('MaterialRequirementProperty', 'properties', reqProperty('Material', materialRefs)),
    ...['RequiredByRequestedSegmentResponse', 'TestSpecificationID'].map(f.raw),
  ],
};

const equipmentRequirement: ComplexSpec = {
  name: 'OpEquipmentRequirementType',
  fields: [
    f.one('ID', 'id'),
    f.many('EquipmentClassID', 'equipmentClassIds'),
    f.many('EquipmentID', 'equipmentIds'),
    f.opt('EquipmentLevel', 'equipmentLevel', code(EQUIPMENT_LEVELS)),
    f.many('Description', 'descriptions'),
    f.opt('EquipmentUse', 'equipmentUse'),
    f.many('Quantity', 'quantities', quantity),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    ...['SpatialDefinition', 'OperationalLocation', 'EquipmentRequirementChild'].map(f.raw),
    f.many('EquipmentRequirementProperty', 'properties', reqProperty('Equipment', equipmentRefs)),
    ...['RequiredByRequestedSegmentResponse', 'TestSpecificationID'].map(f.raw),
  ],
};

const personnelRequirement: ComplexSpec = {
  name: 'OpPersonnelRequirementType',
  fields: [
    f.one('ID', 'id'),
    f.many('PersonnelClassID', 'personnelClassIds'),
    f.many('PersonID', 'personIds'),
    f.many('Description', 'descriptions'),
    f.opt('PersonnelUse', 'personnelUse'),
    f.many('Quantity', 'quantities', quantity),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    ...['SpatialDefinition', 'OperationalLocation', 'PersonnelRequirementChild'].map(f.raw),
    f.many('PersonnelRequirementProperty', 'properties', reqProperty('Personnel', personnelRefs)),
    ...['RequiredByRequestedSegmentResponse', 'TestSpecificationID'].map(f.raw),
  ],
};

const segmentRequirement = recursive('OpSegmentRequirementType', (self) => [
  f.one('ID', 'id'),
  f.many('Description', 'descriptions'),
  f.opt('Version', 'version'),
  f.opt('EarliestStartTime', 'earliestStartTime', DATE_TIME),
  f.opt('LatestEndTime', 'latestEndTime', DATE_TIME),
  f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
  f.opt('OperationsType', 'operationsType', operationsType),
  f.one('ProcessSegmentID', 'processSegmentId'),
  f.opt('Duration', 'duration', DURATION),
  f.one('OperationsDefinitionID', 'operationsDefinitionId'),
  f.one('OperationsSegmentID', 'operationsSegmentId'),
  f.opt('SegmentState', 'segmentState', requestState),
  f.many('SegmentParameter', 'parameters', parameter),
  f.many('PersonnelRequirement', 'personnelRequirements', personnelRequirement),
  f.many('EquipmentRequirement', 'equipmentRequirements', equipmentRequirement),
  f.raw('PhysicalAssetRequirement'),
  f.many('MaterialRequirement', 'materialRequirements', materialRequirement),
  f.many('SegmentRequirementChild', 'children', self),
  ...['RequestedSegmentResponse', 'RequiredByRequestedSegmentResponse'].map(f.raw),
]);

const operationsRequest: ComplexSpec = {
  name: 'OperationsRequestType',
  fields: [
    f.one('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.opt('Version', 'version'),
    f.opt('StartTime', 'startTime', DATE_TIME),
    f.opt('EndTime', 'endTime', DATE_TIME),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('OperationsType', 'operationsType', operationsType),
    f.opt('Priority', 'priority', DECIMAL),
    f.opt('RequestState', 'requestState', requestState),
    f.opt('OperationsDefinitionID', 'operationsDefinitionId'),
    f.opt('OperationsSegmentID', 'operationsSegmentId'),
    f.many('SegmentRequirement', 'segments', segmentRequirement, 1),
    ...['RequestedSegmentResponse', 'RequiredByRequestedSegmentResponse'].map(f.raw),
  ],
};

/** OperationsScheduleType. */
export const operationsSchedule: ComplexSpec = {
  name: 'OperationsScheduleType',
  fields: [
    f.one('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.opt('Version', 'version'),
    f.opt('PublishedDate', 'publishedDate', DATE_TIME),
    f.opt('StartTime', 'startTime', DATE_TIME),
    f.opt('EndTime', 'endTime', DATE_TIME),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('OperationsType', 'operationsType', operationsType),
    f.opt('ScheduleState', 'scheduleState', requestState),
    f.many('OperationsRequest', 'requests', operationsRequest, 1),
  ],
};

const segmentData = recursive('OpSegmentDataType', (self) => [
  f.one('ID', 'id'),
  f.many('Description', 'descriptions'),
  f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
  f.many('Value', 'values', value),
  f.many('SegmentDataChild', 'children', self),
  f.raw('RequiredByRequestedSegmentResponse'),
]);

const actualTail = (kind: string, refs: readonly string[], location: string) => [
  f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
  ...['SpatialDefinition', location, 'TestResult'].map(f.raw),
  f.many(`${kind}ActualProperty`, 'properties', actualProperty(kind, refs)),
  ...[`${kind}ActualChild`, 'RequiredByRequestedSegmentResponse'].map(f.raw),
];

const personnelActual: ComplexSpec = {
  name: 'OpPersonnelActualType',
  fields: [
    f.one('ID', 'id'),
    f.many('PersonnelClassID', 'personnelClassIds'),
    f.many('PersonID', 'personIds'),
    f.many('Description', 'descriptions'),
    f.opt('PersonnelUse', 'personnelUse'),
    f.many('Quantity', 'quantities', quantity),
    ...actualTail('Personnel', personnelRefs, 'OperationalLocation'),
  ],
};

const equipmentActual: ComplexSpec = {
  name: 'OpEquipmentActualType',
  fields: [
    f.one('ID', 'id'),
    f.many('EquipmentClassID', 'equipmentClassIds'),
    f.many('EquipmentID', 'equipmentIds'),
    f.many('Description', 'descriptions'),
    f.opt('EquipmentUse', 'equipmentUse'),
    f.many('Quantity', 'quantities', quantity),
    ...actualTail('Equipment', equipmentRefs, 'OperationalLocation'),
  ],
};

const materialActual: ComplexSpec = {
  name: 'OpMaterialActualType',
  fields: [
    ...materialHead,
    ...['AssemblyActual', 'AssemblyType', 'AssemblyRelationship'].map(f.raw),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.raw('TestResult'),
    f.many('MaterialActualProperty', 'properties', actualProperty('Material', materialRefs)),
    f.raw('RequiredByRequestedSegmentResponse'),
  ],
};

const segmentResponse = recursive('OpSegmentResponseType', (self) => [
  f.one('ID', 'id'),
  f.many('Description', 'descriptions'),
  f.opt('PublishedDate', 'publishedDate', DATE_TIME),
  f.opt('PostingDate', 'postingDate', DATE_TIME),
  f.opt('ActualStartTime', 'actualStartTime', DATE_TIME),
  f.opt('ActualEndTime', 'actualEndTime', DATE_TIME),
  f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
  f.opt('OperationsType', 'operationsType', operationsType),
  f.many('ProcessSegmentID', 'processSegmentIds'),
  f.many('OperationsRequestID', 'operationsRequestIds'),
  f.many('SegmentRequirementID', 'segmentRequirementIds'),
  f.many('OperationsDefinitionID', 'operationsDefinitionIds'),
  f.many('OperationsSegmentID', 'operationsSegmentIds'),
  ...['WorkResponseID', 'JobResponseID'].map(f.raw),
  f.opt('SegmentState', 'segmentState', responseState),
  f.many('SegmentData', 'segmentData', segmentData),
  f.many('PersonnelActual', 'personnelActuals', personnelActual),
  f.many('EquipmentActual', 'equipmentActuals', equipmentActual),
  f.raw('PhysicalAssetActual'),
  f.many('MaterialActual', 'materialActuals', materialActual),
  f.many('SegmentResponseChild', 'children', self),
  f.raw('RequiredByRequestedSegmentResponse'),
]);

const operationsResponse: ComplexSpec = {
  name: 'OperationsResponseType',
  fields: [
    f.one('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.opt('Version', 'version'),
    f.opt('StartTime', 'startTime', DATE_TIME),
    f.opt('EndTime', 'endTime', DATE_TIME),
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('OperationsType', 'operationsType', operationsType),
    f.many('OperationsRequestID', 'operationsRequestIds'),
    f.many('SegmentRequirementID', 'segmentRequirementIds'),
    f.many('OperationsDefinitionID', 'operationsDefinitionIds'),
    f.many('OperationsSegmentID', 'operationsSegmentIds'),
    f.opt('ResponseState', 'responseState', responseState),
    f.many('SegmentResponse', 'segments', segmentResponse, 1),
  ],
};

/** OperationsPerformanceType. Note the XSD spells its end time `Endtime`. */
export const operationsPerformance: ComplexSpec = {
  name: 'OperationsPerformanceType',
  fields: [
    f.one('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.opt('Version', 'version'),
    f.opt('PublishedDate', 'publishedDate', DATE_TIME),
    f.opt('StartTime', 'startTime', DATE_TIME),
    { ...f.opt('Endtime', 'endTime', DATE_TIME), aliases: ['EndTime'] },
    f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
    f.opt('OperationsType', 'operationsType', operationsType),
    f.opt('OperationsScheduleID', 'operationsScheduleId'),
    f.opt('PerformanceState', 'performanceState', responseState),
    f.many('OperationsResponse', 'responses', operationsResponse, 1),
  ],
};
