import type { IncomingMessage } from 'node:http';
import { websocketToken, type Authenticator } from '../auth/authenticator.js';
import { can, eventTypesFor } from '../auth/permissions.js';
import type { ClientGrant } from './event-stream.js';

/**
 * Authenticates a websocket upgrade (token from the header, `bearer.<token>` subprotocol or
 * `?token=`) and grants the event types of the caller's role. The grant stays valid while the
 * same token still authenticates with the same role: a logout, expiry, removal or role change
 * closes the connection at the next heartbeat, and the client reconnects with what it may see.
 */
export function websocketGrant(auth: Authenticator, req: IncomingMessage): ClientGrant | undefined {
  const token = websocketToken(req);
  const principal = auth.authenticate(token, req);
  if (typeof principal === 'string' || !can(principal.role, 'events:state')) return undefined;
  return {
    types: eventTypesFor(principal.role),
    valid: () => {
      const now = auth.authenticate(token);
      return typeof now !== 'string' && now.role === principal.role;
    },
  };
}
