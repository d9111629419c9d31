import { defineNode } from '@millwright/sdk';
import { opcuaEventsConfig } from './config.js';

/** Receives OPC UA events and alarms; acknowledges and confirms conditions. */
export default defineNode({
  type: 'opcua-events',
  category: 'network',
  version: 1,
  label: 'opcua events',
  description:
    'Subscribes to the events of an OPC UA object (default the Server) with an event filter and sends one message per event, the selected fields in msg.payload. An input message { action: acknowledge | confirm, eventId, conditionId, comment } acknowledges or confirms an alarm; the result leaves on the second output.',
  inputs: 1,
  outputs: ['events', 'done'],
  icon: 'alert-triangle',
  config: opcuaEventsConfig,
  async setup(ctx) {
    const { createOpcuaEvents } = await import('./opcua-events.js');
    return createOpcuaEvents(ctx);
  },
});
