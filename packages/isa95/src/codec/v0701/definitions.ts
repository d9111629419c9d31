import { V0701_CODES } from '../codes.js';
import { code, DATE_TIME, DURATION, f, type ComplexSpec, type FieldSpec } from '../spec.js';
import { hierarchyScope, parameter, quantity, recursive, segmentProperty } from './common.js';

// B2MML-OperationsDefinition.xsd and B2MML-ProcessSegment.xsd (PLM master data, decision 0027).

const DEFINITION_TYPES = ['Pattern', 'Instance'] as const;
const DEPENDENCIES = [
  ...['NotFollow', 'PossibleParallel', 'NotInParallel', 'AtStart', 'AfterStart', 'AfterEnd'],
  ...['NoLaterAfterStart', 'NoEarlierAfterStart', 'NoLaterAfterEnd', 'NoEarlierAfterEnd', 'Other'],
] as const;

const operationsType = f.opt('OperationsType', 'operationsType', code(V0701_CODES.operationsType));
const definitionType = f.opt('DefinitionType', 'definitionType', code(DEFINITION_TYPES));

/** ID, Description*, Version, PublishedDate, EffectiveStartDate, EffectiveEndDate (this file's order). */
const head: FieldSpec[] = [
  f.one('ID', 'id'),
  f.many('Description', 'descriptions'),
  f.opt('Version', 'version'),
  f.opt('PublishedDate', 'publishedDate', DATE_TIME),
  f.opt('EffectiveStartDate', 'effectiveStartDate', DATE_TIME),
  f.opt('EffectiveEndDate', 'effectiveEndDate', DATE_TIME),
];
const scope = f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope);

/** SegmentDependencyType: the SegmentID choice also reads ProductSegmentID and ProcessSegmentID. */
const segmentDependency: ComplexSpec = {
  name: 'SegmentDependencyType',
  fields: [
    f.one('ID', 'id'),
    f.many('Description', 'descriptions'),
    f.one('Dependency', 'dependency', code(DEPENDENCIES)),
    f.raw('DependencyFactor'),
    { ...f.many('SegmentID', 'segmentIds'), aliases: ['ProductSegmentID', 'ProcessSegmentID'] },
  ],
};

/** OpMaterialSpecificationType (and MaterialSegmentSpecificationType, whose order differs). */
const opMaterialSpecification: ComplexSpec = {
  name: 'OpMaterialSpecificationType',
  fields: [
    f.one('ID', 'id'),
    f.many('MaterialClassID', 'materialClassIds'),
    f.many('MaterialDefinitionID', 'materialDefinitionIds'),
    f.many('MaterialLotID', 'materialLotIds'),
    f.raw('MaterialSubLotID'),
    f.many('Description', 'descriptions'),
    f.opt('MaterialUse', 'materialUse', code(V0701_CODES.materialUse)),
    scope,
    ...['StorageLocation', 'SpatialDefinition'].map(f.raw),
    f.many('Quantity', 'quantities', quantity),
    f.raw('AssemblySpecification'),
    ...['AssemblyType', 'AssemblyRelationship'].map(f.raw),
    f.many(
      'MaterialSpecificationProperty',
      'properties',
      segmentProperty({
        name: 'OpMaterialSpecificationPropertyType',
        child: 'MaterialSpecificationPropertyChild',
        refs: ['MaterialClassPropertyID', 'MaterialDefinitionPropertyID', 'MaterialLotPropertyID'],
        childFirst: false,
      }),
    ),
    f.raw('TestSpecificationID'),
  ],
};

/** OpEquipmentSpecificationType. */
const opEquipmentSpecification: ComplexSpec = {
  name: 'OpEquipmentSpecificationType',
  fields: [
    f.one('ID', 'id'),
    f.many('EquipmentClassID', 'equipmentClassIds'),
    f.many('EquipmentID', 'equipmentIds'),
    f.many('Description', 'descriptions'),
    f.opt('EquipmentUse', 'equipmentUse'),
    scope,
    ...['OperationalLocation', 'SpatialDefinition'].map(f.raw),
    f.many('Quantity', 'quantities', quantity),
    f.raw('EquipmentSpecificationChild'),
    f.many(
      'EquipmentSpecificationProperty',
      'properties',
      segmentProperty({
        name: 'OpEquipmentSpecificationPropertyType',
        child: 'EquipmentSpecificationPropertyChild',
        refs: ['EquipmentClassPropertyID', 'EquipmentPropertyID'],
        childFirst: false,
      }),
    ),
    f.raw('TestSpecificationID'),
  ],
};

/** OperationsSegmentType: one routing step. */
export const operationsSegment: ComplexSpec = recursive('OperationsSegmentType', (self) => [
  ...head,
  operationsType,
  definitionType,
  scope,
  f.opt('Duration', 'duration', DURATION),
  f.many('ProcessSegmentID', 'processSegmentIds'),
  ...['BillOfMaterialsID', 'WorkMasterSourceID', 'BillOfResourcesID'].map(f.raw),
  f.many('OperationsMaterialBillID', 'operationsMaterialBillIds'),
  f.raw('OperationsSegmentPatternID'),
  f.many('ParameterSpecification', 'parameters', parameter),
  f.raw('PersonnelSpecification'),
  f.many('EquipmentSpecification', 'equipmentSpecifications', opEquipmentSpecification),
  f.raw('PhysicalAssetSpecification'),
  f.many('MaterialSpecification', 'materialSpecifications', opMaterialSpecification),
  f.many('SegmentDependency', 'dependencies', segmentDependency),
  f.raw('DependentOperationsSegmentID'),
  f.many('OperationsSegmentChild', 'children', self),
]);

/** OperationsDefinitionType: a product definition (one revision) with its routing. */
export const operationsDefinition: ComplexSpec = {
  name: 'OperationsDefinitionType',
  fields: [
    ...head,
    scope,
    operationsType,
    definitionType,
    f.many('OperationsSegment', 'segments', operationsSegment),
    f.many('BillOfMaterialsID', 'billOfMaterialsIds'),
    ...['WorkMasterSourceID', 'BillOfResourcesID'].map(f.raw),
    f.many('OperationsMaterialBillID', 'operationsMaterialBillIds'),
    f.raw('OperationsDefinitionPatternID'),
  ],
};

/** OperationsMaterialBillItemType: a BOM line; AssemblyBillOfMaterialItem nests. */
const materialBillItem: ComplexSpec = recursive('OperationsMaterialBillItemType', (self) => [
  ...head,
  f.opt('UseType', 'useType'),
  scope,
  f.many('AssemblyBillOfMaterialItem', 'children', self),
  ...['AssemblyType', 'AssemblyRelationship'].map(f.raw),
  f.many('MaterialSpecificationID', 'materialSpecificationIds'),
  f.many('Quantity', 'quantities', quantity),
]);

/** OperationsMaterialBillType: a bill of materials. */
export const operationsMaterialBill: ComplexSpec = {
  name: 'OperationsMaterialBillType',
  fields: [
    ...head,
    scope,
    f.opt('UseType', 'useType'),
    f.many('OperationsMaterialBillItem', 'items', materialBillItem),
    f.many('BillOfMaterialsID', 'billOfMaterialsIds'),
  ],
};

/** OperationsDefinitionInformationType: definitions, segments and bills in one message. */
export const operationsDefinitionInformation: ComplexSpec = {
  name: 'OperationsDefinitionInformationType',
  fields: [
    f.one('ID', 'id'),
    f.many('Description', 'descriptions'),
    scope,
    f.opt('PublishedDate', 'publishedDate', DATE_TIME),
    f.many('OperationsDefinition', 'definitions', operationsDefinition),
    f.many('OperationsSegment', 'segments', operationsSegment),
    f.many('OperationsMaterialBill', 'materialBills', operationsMaterialBill),
  ],
};

/** MaterialSegmentSpecificationType: OpMaterialSpecification's content in ProcessSegment order. */
const materialSegmentSpecification: ComplexSpec = {
  name: 'MaterialSegmentSpecificationType',
  fields: [
    f.one('ID', 'id'),
    f.many('MaterialClassID', 'materialClassIds'),
    f.many('MaterialDefinitionID', 'materialDefinitionIds'),
    f.many('MaterialLotID', 'materialLotIds'),
    f.raw('MaterialSublotID'),
    f.many('Description', 'descriptions'),
    ...['AssemblyType', 'AssemblyRelationship'].map(f.raw),
    f.raw('AssemblySegmentSpecification'),
    f.opt('MaterialUse', 'materialUse', code(V0701_CODES.materialUse)),
    scope,
    ...['SpatialDefinition', 'StorageLocation'].map(f.raw),
    f.many('Quantity', 'quantities', quantity),
    f.many(
      'MaterialSegmentSpecificationProperty',
      'properties',
      segmentProperty({
        name: 'MaterialSegmentSpecificationPropertyType',
        child: 'MaterialSegmentSpecificationPropertyChild',
        refs: ['MaterialClassPropertyID', 'MaterialDefinitionPropertyID', 'MaterialLotPropertyID'],
        childFirst: true,
      }),
    ),
    ...['MaterialSegmentSpecificationChild', 'TestSpecificationID'].map(f.raw),
  ],
};

/** EquipmentSegmentSpecificationType. */
const equipmentSegmentSpecification: ComplexSpec = {
  name: 'EquipmentSegmentSpecificationType',
  fields: [
    f.one('ID', 'id'),
    f.many('EquipmentClassID', 'equipmentClassIds'),
    f.many('EquipmentID', 'equipmentIds'),
    f.many('Description', 'descriptions'),
    f.opt('EquipmentUse', 'equipmentUse'),
    scope,
    ...['SpatialDefinition', 'OperationalLocation'].map(f.raw),
    f.many('Quantity', 'quantities', quantity),
    f.many(
      'EquipmentSegmentSpecificationProperty',
      'properties',
      segmentProperty({
        name: 'EquipmentSegmentSpecificationPropertyType',
        child: 'EquipmentSegmentSpecificationPropertyChild',
        refs: ['EquipmentClassPropertyID', 'EquipmentPropertyID'],
        childFirst: true,
      }),
    ),
    ...['EquipmentSegmentSpecificationChild', 'TestSpecificationID'].map(f.raw),
  ],
};

/** ProcessSegmentType: a plant capability, independent of products. */
export const processSegment: ComplexSpec = recursive('ProcessSegmentType', (self) => [
  ...head,
  operationsType,
  scope,
  definitionType,
  f.raw('PersonnelSegmentSpecification'),
  f.many('EquipmentSegmentSpecification', 'equipmentSpecifications', equipmentSegmentSpecification),
  f.raw('PhysicalAssetSegmentSpecification'),
  f.many('MaterialSegmentSpecification', 'materialSpecifications', materialSegmentSpecification),
  f.many('ProcessSegmentParameter', 'parameters', parameter),
  f.many('SegmentDependency', 'dependencies', segmentDependency),
  f.raw('DependentProcessSegmentID'),
  f.many('ProcessSegmentChild', 'children', self),
  ...['ProcessSegmentPatternID', 'WorkMasterSourceID', 'OperationsSegmentSourceID'].map(f.raw),
  f.raw('SegmentRequirementSourceID'),
]);
