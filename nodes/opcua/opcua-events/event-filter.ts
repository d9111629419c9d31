import type { EventFilter } from 'node-opcua';

/** The part of the config that shapes the filter. */
export interface EventFilterSpec {
  fields: string[];
  minSeverity: number;
  eventType: string;
}

/** A field's browse path: `AckedState/Id` (or `AckedState.Id`) -> `['AckedState', 'Id']`. */
export function browsePathOf(field: string): string[] {
  return field
    .split(/[/.]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The EventFilter of the config: one select clause per field (`ConditionId` as the condition's
 * NodeId, the others as values relative to BaseEventType), then `EventType` once more (the node
 * tells ConditionRefresh's RefreshStart and RefreshEnd events by it), and a where clause for the
 * minimum severity and the event type when set.
 */
export async function buildEventFilter(spec: EventFilterSpec): Promise<EventFilter> {
  const opcua = await import('node-opcua');
  const conditions = [];
  if (spec.minSeverity > 0)
    conditions.push(
      opcua.greaterThanOrEqual(
        new opcua.SimpleAttributeOperand({
          typeDefinitionId: opcua.resolveNodeId('BaseEventType'),
          browsePath: [opcua.coerceQualifiedName('Severity')],
          attributeId: opcua.AttributeIds.Value,
        }),
        opcua.l(opcua.DataType.UInt16, spec.minSeverity),
      ),
    );
  if (spec.eventType) conditions.push(opcua.ofType(spec.eventType));
  const [first, second] = conditions;
  const where = first ? opcua.makeContentFilter(second ? opcua.and(first, second) : first) : undefined;
  return opcua.constructEventFilter([...spec.fields.map(browsePathOf), ['EventType']], where);
}
