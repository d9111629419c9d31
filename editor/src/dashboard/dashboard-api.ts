import type { DashboardInputResponse, DashboardPageResponse, DashboardPagesResponse } from '@millwright/model';

/** A refused or failed call: the status and the runtime's message. */
export class DashboardApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DashboardApiError';
  }
}

const has =
  <T>(...keys: string[]) =>
  (v: unknown): v is T =>
    typeof v === 'object' && v !== null && keys.every((k) => k in v);

async function call<T>(
  check: (v: unknown) => v is T,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json: unknown = await res.json().catch(() => ({}));
  // A refused input answers 400 with its field faults: the caller shows them.
  if (!res.ok && !(res.status === 400 && typeof json === 'object' && json !== null && 'ok' in json)) {
    const message = typeof json === 'object' && json !== null ? Reflect.get(json, 'message') : undefined;
    throw new DashboardApiError(res.status, typeof message === 'string' ? message : res.statusText);
  }
  if (!check(json)) throw new DashboardApiError(res.status, `unexpected answer from ${path}`);
  return json;
}

/** The dashboard API as the page uses it. */
export const dashboardApi = {
  pages: (token: string | undefined) =>
    call(has<DashboardPagesResponse>('pages'), token, 'GET', '/api/dashboard/pages'),
  page: (token: string | undefined, path: string) =>
    call(
      has<DashboardPageResponse>('page', 'widgets', 'history', 'user'),
      token,
      'GET',
      `/api/dashboard/pages/${encodeURIComponent(path)}`,
    ),
  input: (token: string | undefined, path: string, nodeId: string, value: unknown) =>
    call(
      has<DashboardInputResponse>('ok'),
      token,
      'POST',
      `/api/dashboard/pages/${encodeURIComponent(path)}/widgets/${encodeURIComponent(nodeId)}`,
      { value },
    ),
};
