import { z } from 'zod';
import { opcuaNodeIdField } from '../opcua-endpoint/node-id-schema.js';

/** The event fields selected unless the config says otherwise. */
export const DEFAULT_EVENT_FIELDS = ['EventId', 'EventType', 'SourceName', 'Time', 'Message', 'Severity'];

/** Config of the opcua-events node. */
export const opcuaEventsConfig = z.object({
  endpoint: z
    .string()
    .min(1, 'choose an OPC UA endpoint')
    .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
  sourceNodeId: opcuaNodeIdField({
    description:
      'Object whose events to receive (an event notifier). Default the Server object `i=2253`, which reports the events of the whole server.',
    required: true,
  }).default('i=2253'),
  fields: z.array(z.string().trim().min(1)).min(1, 'select at least one field').default(DEFAULT_EVENT_FIELDS).meta({
    description:
      'Event fields to select, each a browse path from the event type with `/` between names: `Severity`, `AckedState/Id`, `2:MyField` (namespace index prefix). `ConditionId` selects the NodeId of the condition (alarms). Each becomes a key of msg.payload; a field the event does not have is null.',
  }),
  minSeverity: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(0)
    .meta({ description: 'Only events with a Severity of at least this (1..1000); 0: every severity.' }),
  eventType: opcuaNodeIdField({
    description:
      'Only events of this type or its subtypes, e.g. `i=2915` (AlarmConditionType), with a namespace index (not `nsu=`); empty: every type.',
  }).default(''),
  conditionRefresh: z.boolean().default(false).meta({
    description:
      'After subscribing (again on each new session, and when the server asks with a RefreshRequired event), have the server send the current state of every retained condition (ConditionRefresh): those events arrive with msg.opcua.refresh true.',
  }),
  publishingIntervalMs: z
    .number()
    .int()
    .min(10)
    .default(500)
    .meta({ description: 'How often the server sends the queued events.', advanced: true }),
  queueSize: z.number().int().min(1).max(10_000).default(1000).meta({
    description: 'Events the server keeps between two publishes; beyond, the oldest are dropped.',
    advanced: true,
  }),
});

export type OpcuaEventsConfig = z.output<typeof opcuaEventsConfig>;
