import { UserError } from '@millwright/model';

/** `--url` and `--token` of commands that talk to a running runtime's admin API. */
export const URL_OPTION = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

export const URL_HELP = `  --url <url>         the runtime's address (default http://127.0.0.1:1880)
  --token <token>     a login or service token (default $MILLWRIGHT_TOKEN)`;

/** A runtime's admin API as the CLI calls it: JSON in and out, errors as `UserError` with the API's code. */
export class RuntimeClient {
  constructor(
    readonly url: string,
    private readonly token: string | undefined,
  ) {}

  static from(values: { url?: string | undefined; token?: string | undefined }, env = process.env): RuntimeClient {
    return new RuntimeClient(
      (values.url ?? 'http://127.0.0.1:1880').replace(/\/+$/, ''),
      values.token ?? env['MILLWRIGHT_TOKEN'],
    );
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new UserError('runtime_unreachable', `cannot reach ${this.url}: ${(err as Error).cause ?? String(err)}`);
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const code = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'code') : undefined;
      const message = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'message') : undefined;
      const issues = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'issues') : undefined;
      const detail = Array.isArray(issues)
        ? `: ${issues.map((i: { pathString?: string; message?: string }) => `${i.pathString ?? ''} ${i.message ?? ''}`).join('; ')}`
        : '';
      throw new UserError(
        typeof code === 'string' ? code : 'runtime_error',
        `${this.url} answered ${res.status}: ${typeof message === 'string' ? message : text}${detail}`,
      );
    }
    return parsed as T;
  }
}
