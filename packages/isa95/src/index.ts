// Typed ISA-95 model (zod schemas and their types).
export {
  XSD_DATE_TIME,
  XSD_DURATION,
  dateTimeSchema,
  durationSchema,
  quantitySchema,
  valueSchema,
  hierarchyScopeSchema,
  propertySchema,
  segmentPropertySchema,
  parameterSchema,
  locationSchema,
  XSD_DECIMAL,
  decimalSchema,
} from './model/common.js';
export type {
  Quantity,
  Value,
  HierarchyScope,
  Property,
  SegmentProperty,
  Parameter,
  Location,
  Decimal,
} from './model/common.js';
export { extensionSchema, extensionsField, xmlAttributeSchema, xmlFragmentSchema, XML_NS } from './model/extensions.js';
export type { Extension, Extensions, XmlAttribute, XmlFragment } from './model/extensions.js';
export { senderSchema, receiverSchema, applicationAreaSchema } from './model/application-area.js';
export type { Sender, Receiver, ApplicationArea } from './model/application-area.js';
export {
  VERBS,
  verbSchema,
  replyVerbOf,
  expressionSchema,
  changeStatusSchema,
  actionCriteriaSchema,
  responseCriteriaSchema,
  verbAreaSchema,
} from './model/verbs.js';
export type { Verb, Expression, ChangeStatus, ActionCriteria, ResponseCriteria, VerbArea } from './model/verbs.js';
export {
  materialRequirementSchema,
  equipmentRequirementSchema,
  personnelRequirementSchema,
  segmentRequirementSchema,
  operationsRequestSchema,
  operationsScheduleSchema,
} from './model/operations-schedule.js';
export type {
  MaterialRequirement,
  EquipmentRequirement,
  PersonnelRequirement,
  SegmentRequirement,
  OperationsRequest,
  OperationsSchedule,
} from './model/operations-schedule.js';
export {
  materialActualSchema,
  equipmentActualSchema,
  personnelActualSchema,
  segmentDataSchema,
  segmentResponseSchema,
  operationsResponseSchema,
  operationsPerformanceSchema,
} from './model/operations-performance.js';
export type {
  MaterialActual,
  EquipmentActual,
  PersonnelActual,
  SegmentData,
  SegmentResponse,
  OperationsResponse,
  OperationsPerformance,
} from './model/operations-performance.js';
export { materialDefinitionSchema, materialLotSchema } from './model/material.js';
export type { MaterialDefinition, MaterialLot } from './model/material.js';
export { equipmentSchema, equipmentClassSchema } from './model/equipment.js';
export type { Equipment, EquipmentClass } from './model/equipment.js';
export { personSchema, personnelClassSchema } from './model/personnel.js';
export type { Person, PersonnelClass } from './model/personnel.js';
export {
  materialSpecificationSchema,
  equipmentSpecificationSchema,
  segmentDependencySchema,
  operationsSegmentSchema,
  operationsDefinitionSchema,
  materialBillItemSchema,
  operationsMaterialBillSchema,
  operationsDefinitionInformationSchema,
} from './model/operations-definition.js';
export type {
  MaterialSpecification,
  EquipmentSpecification,
  SegmentDependency,
  OperationsSegment,
  OperationsDefinition,
  MaterialBillItem,
  OperationsMaterialBill,
  OperationsDefinitionInformation,
} from './model/operations-definition.js';
export { processSegmentSchema } from './model/process-segment.js';
export type { ProcessSegment } from './model/process-segment.js';
export { NOUNS, NOUN_SCHEMAS, bodSchema, documentSchema } from './model/document.js';
export type { Noun, Bod, B2mmlDocument, DocumentOf } from './model/document.js';

// B2MML codec.
export { decodeB2mml, decodeB2mmlNoun } from './codec/decode.js';
export type { DecodeResult, DecodeOptions, DecodeNounResult } from './codec/decode.js';
export { encodeB2mml, encodeB2mmlNoun, checkB2mml, parseDocument } from './codec/encode.js';
export type { EncodeOptions, ParseDocumentResult } from './codec/encode.js';
export { B2mmlError, formatIssues } from './codec/b2mml.error.js';
export {
  B2MML_VERSIONS,
  B2MML_NAMESPACES,
  BATCHML_NAMESPACES,
  DEFAULT_RELEASE_IDS,
  SPEC_RELEASE,
  isLenient,
  nounsOf,
} from './codec/versions.js';
export { convertB2mml } from './codec/convert.js';
export type { ConvertOptions, ConvertResult, ConversionReport, Dropped } from './codec/convert.js';
export type { B2mmlVersion } from './codec/versions.js';

// Transactions.
export { replyTo, originalBodIds, isReplyTo, newApplicationArea, newBodId, toDateTime } from './reply.js';
export type { NounDocument, ReplyOptions } from './reply.js';
