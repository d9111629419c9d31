import type { Socket } from 'node:net';

/** A TCP connection a `tcp-in` node received or opened, which `tcp-out` (reply) can answer on. */
export interface TcpSession {
  id: string;
  flowId: string;
  socket: Socket;
}

// Per process: the nodes of a flow run in the same worker, so tcp-in and tcp-out find each other here.
const sessions = new Map<string, TcpSession>();

export function addTcpSession(session: TcpSession): void {
  sessions.set(session.id, session);
}

export function removeTcpSession(id: string): void {
  sessions.delete(id);
}

/** The session `id` of flow `flowId` (a flow never answers another flow's connections). */
export function tcpSession(flowId: string, id: string): TcpSession | undefined {
  const s = sessions.get(id);
  return s?.flowId === flowId ? s : undefined;
}

export function tcpSessionsOf(flowId: string): TcpSession[] {
  return [...sessions.values()].filter((s) => s.flowId === flowId);
}
