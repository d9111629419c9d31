import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { outboundDenied, type CompiledOutboundPolicy } from '@millwright/sdk';

/** One request on the wire (no redirects followed). */
export interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
}

/** One answer, body decompressed. */
export interface ExchangeResult {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Sends HTTP(S) requests under an outbound policy: a literal address is checked before connecting,
 * a host name is resolved by the policy's `lookup`, which hands the socket only addresses the
 * policy allows, so the address checked is the address connected to (a DNS answer that changes in
 * between, "DNS rebinding", cannot slip past). Keep-alive sockets are the client's own, so a
 * socket opened under one policy never serves another. Without a policy nothing is checked.
 */
export class OutboundClient {
  private readonly http = new HttpAgent({ keepAlive: true });
  private readonly https = new HttpsAgent({ keepAlive: true });

  constructor(private readonly policy: CompiledOutboundPolicy | undefined) {}

  /**
   * Sends one request. Rejects with the UserError `outbound_denied` for a refused destination, or
   * with the socket's error (the caller maps it).
   */
  exchange(x: Exchange): Promise<ExchangeResult> {
    const secure = x.url.protocol === 'https:';
    const port = x.url.port ? Number(x.url.port) : secure ? 443 : 80;
    const host = x.url.hostname.replace(/^\[|\]$/g, '');
    if (this.policy && isIP(host)) {
      const why = this.policy.refusal({ host, address: host, port });
      if (why) return Promise.reject(outboundDenied(why));
    }
    return new Promise<ExchangeResult>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        x.url,
        {
          method: x.method,
          headers: x.headers,
          signal: x.signal,
          agent: secure ? this.https : this.http,
          ...(this.policy ? { lookup: this.policy.lookup(port) } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            try {
              resolve({
                statusCode: res.statusCode ?? 0,
                headers: flat(res),
                body: decoded(res, Buffer.concat(chunks)),
              });
            } catch (err) {
              reject(err);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(x.body);
    });
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

function flat(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

// No Accept-Encoding is sent; a server that compresses anyway is still understood.
function decoded(res: IncomingMessage, body: Buffer): Buffer {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (!body.length) return body;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  return body;
}
