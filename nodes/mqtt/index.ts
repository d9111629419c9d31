import { outboxExtension } from '@millwright/outbox';
import type { AnyNodeDefinition, FamilyExtension } from '@millwright/sdk';
import mqttBroker from './mqtt-broker/index.js';
import mqttIn from './mqtt-in/index.js';
import mqttOut from './mqtt-out/index.js';
import sparkplugHost from './sparkplug-host/index.js';
import sparkplugIn from './sparkplug-in/index.js';
import sparkplugOut from './sparkplug-out/index.js';

/** The MQTT nodes. mqtt.js is loaded only when a broker config node starts. */
export const nodes: AnyNodeDefinition[] = [mqttBroker, mqttIn, mqttOut, sparkplugIn, sparkplugOut, sparkplugHost];

/** Its store-and-forward nodes keep outboxes: the outbox admin routes (registered once however many families list them). */
export const extensions: FamilyExtension[] = [outboxExtension];

export { startEmbeddedBroker } from './broker/embedded-broker.js';
export type { EmbeddedBroker, EmbeddedBrokerOptions } from './broker/embedded-broker.js';
export { isa95Topic, parseIsa95Topic, ISA95_LEVELS } from './mqtt-out/isa95-topic.js';
export type { Isa95Path, Isa95Level } from './mqtt-out/isa95-topic.js';
export { topicMatches } from './mqtt-broker/topic-match.js';
export { encodePayload, decodePayload, withDataType, DATA_TYPES } from './sparkplug/sparkplug-payload.js';
export type {
  SparkplugPayload,
  SparkplugMetric,
  DataTypeName,
  MetricValue,
  DataSet,
  DataSetCell,
  Template,
  TemplateParameter,
  PropertySet,
  PropertyValue,
  MetaData,
} from './sparkplug/sparkplug-payload.js';
export { sparkplugTopic, parseSparkplugTopic } from './sparkplug/sparkplug-topic.js';
export type { SparkplugTopic } from './sparkplug/sparkplug-topic.js';
