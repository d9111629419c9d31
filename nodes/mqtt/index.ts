import type { AnyNodeDefinition } from '@millwright/sdk';
import mqttBroker from './mqtt-broker/index.js';
import mqttIn from './mqtt-in/index.js';
import mqttOut from './mqtt-out/index.js';

/** The MQTT nodes. mqtt.js is loaded only when a broker config node starts. */
export const nodes: AnyNodeDefinition[] = [mqttBroker, mqttIn, mqttOut];

export { startEmbeddedBroker } from './broker/embedded-broker.js';
export type { EmbeddedBroker, EmbeddedBrokerOptions } from './broker/embedded-broker.js';
export { isa95Topic, parseIsa95Topic, ISA95_LEVELS } from './mqtt-out/isa95-topic.js';
export type { Isa95Path, Isa95Level } from './mqtt-out/isa95-topic.js';
export { topicMatches } from './mqtt-broker/topic-match.js';
