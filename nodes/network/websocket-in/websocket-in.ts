import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { pacer } from '../lib/pace.js';
import { endpointOf, mirrorEndpoint } from '../lib/ws-node-support.js';
import type { WebsocketInConfig } from './config.js';

/**
 * One message per frame. With `wholeMessage`, a text frame holding a JSON object becomes the
 * message (its own `id` is replaced, as every message gets a fresh one); anything else is the
 * payload, as in Node-RED. While the flow is over its queue limit the endpoint stops reading.
 */
export function createWebsocketIn(ctx: NodeContext<WebsocketInConfig>): NodeHandlers {
  const endpoint = endpointOf(ctx);
  const stopStatus = mirrorEndpoint(ctx, endpoint, ctx.config.mode === 'server');
  const pace = pacer(
    ctx,
    () => endpoint.pause(),
    () => endpoint.resume(),
  );
  const stopMessages = endpoint.onMessage((data, sessionId) => {
    const _session = { type: 'websocket', id: sessionId };
    ctx.send(ctx.newMessage({ ...(endpoint.wholeMessage ? whole(data) : { payload: data }), _session }));
    pace();
  });
  const stopErrors = endpoint.onError((err) => ctx.error(err));
  return {
    close() {
      stopStatus();
      stopMessages();
      stopErrors();
    },
  };
}

function whole(data: string | Uint8Array): Partial<FlowMessage> {
  if (typeof data === 'string') {
    try {
      const parsed: unknown = JSON.parse(data);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const { id: _id, _msgid: _m, ...fields } = parsed as Record<string, unknown>;
        return fields;
      }
    } catch {
      // Not JSON: the text is the payload.
    }
  }
  return { payload: data };
}
