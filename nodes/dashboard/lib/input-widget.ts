import type { DashboardInputResponse, DashboardUser, FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';

const ROLES = ['viewer', 'operator', 'editor', 'admin'] as const;

/** What the runtime's dashboard route puts on the message it delivers to an input widget. */
export interface DashboardDelivery {
  value: unknown;
  user: DashboardUser;
  page: string;
}

/**
 * The runtime side of every input widget. The dashboard route delivers the operator's input with
 * `msg.dashboard` (value, user, page) and `msg.res.id`; `accept` turns the value into the payload
 * or names the faults. Accepted: the widget sends `{ payload, topic, user, dashboard }` on and
 * answers `{ ok: true }`; refused: nothing is sent and the route answers 400 with the faults.
 */
export function inputWidget(
  ctx: NodeContext<{ topic: string }>,
  accept: (value: unknown) => { payload: unknown } | { issues: NonNullable<DashboardInputResponse['issues']> },
): NodeHandlers {
  return {
    input(msg: FlowMessage) {
      const delivery = deliveryOf(msg);
      const replyTo = replyOf(msg);
      if (!delivery) return; // only the dashboard route feeds an input widget
      const outcome = accept(delivery.value);
      if ('issues' in outcome) {
        if (replyTo) ctx.respond?.(replyTo, { ok: false, issues: outcome.issues } satisfies DashboardInputResponse);
        return;
      }
      ctx.send(
        ctx.newMessage({
          payload: outcome.payload,
          ...(ctx.config.topic ? { topic: ctx.config.topic } : {}),
          user: delivery.user,
          dashboard: { page: delivery.page, widget: ctx.id },
        }),
      );
      if (replyTo) ctx.respond?.(replyTo, { ok: true } satisfies DashboardInputResponse);
    },
  };
}

function deliveryOf(msg: FlowMessage): DashboardDelivery | undefined {
  const d = msg['dashboard'];
  if (typeof d !== 'object' || d === null || !('user' in d)) return undefined;
  const user: unknown = Reflect.get(d, 'user');
  if (typeof user !== 'object' || user === null) return undefined;
  const role = ROLES.find((r) => r === Reflect.get(user, 'role'));
  if (!role) return undefined;
  return {
    value: Reflect.get(d, 'value'),
    user: { name: String(Reflect.get(user, 'name')), role },
    page: String(Reflect.get(d, 'page')),
  };
}

function replyOf(msg: FlowMessage): string | undefined {
  const res = msg['res'];
  const id = typeof res === 'object' && res !== null ? Reflect.get(res, 'id') : undefined;
  return typeof id === 'string' ? id : undefined;
}
