import { UserError } from '@millwright/model';
import { z } from 'zod';

/** The `auth` config field shared by the HTTP nodes. Secrets live in the credentials. */
export const authField = z.enum(['none', 'basic', 'bearer']).default('none').meta({
  description:
    'Authentication: none, HTTP Basic (user name and password from the credentials) or a Bearer token (from the credentials).',
});

/** Credentials of the HTTP nodes: never in the flow file. */
export const httpCredentials = z.object({
  username: z.string().optional().meta({ description: 'User name for Basic authentication.' }),
  password: z.string().optional().meta({ description: 'Password for Basic authentication.', secret: true }),
  token: z.string().optional().meta({ description: 'Bearer token.', secret: true }),
});
export type HttpCredentials = z.output<typeof httpCredentials>;

/**
 * The Authorization header for `auth`, or undefined for `none`.
 * Throws a UserError `credentials_missing` when the needed credential is not set.
 */
export function authorization(auth: 'none' | 'basic' | 'bearer', creds: Partial<HttpCredentials>): string | undefined {
  if (auth === 'none') return undefined;
  if (auth === 'bearer') {
    if (!creds.token)
      throw new UserError('credentials_missing', 'bearer authentication needs a token in the credentials');
    return `Bearer ${creds.token}`;
  }
  if (creds.username === undefined || creds.username === '')
    throw new UserError('credentials_missing', 'basic authentication needs a user name in the credentials');
  return `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`, 'utf8').toString('base64')}`;
}

/**
 * The Authorization header for a request to `url`, sent only to the origin the node's `url`
 * template fixes (scheme, host and port without tags): a URL from `msg.url` or a host filled from
 * the message gets no credentials, and `withheld` is told the origin (the request still goes, so
 * a public endpoint keeps working and a token never reaches a host the message chose).
 * Throws a UserError `credentials_missing` as {@link authorization} does.
 */
export function authorizationFor(args: {
  auth: 'none' | 'basic' | 'bearer';
  creds: Partial<HttpCredentials>;
  template: string;
  url: string;
  withheld?: (origin: string) => void;
}): string | undefined {
  if (args.auth === 'none') return undefined;
  let origin: string;
  try {
    origin = new URL(args.url).origin;
  } catch {
    return undefined; // not a URL: sendHttp refuses it
  }
  if (origin !== fixedOrigin(args.template)) {
    args.withheld?.(origin);
    return undefined;
  }
  return authorization(args.auth, args.creds);
}

/**
 * The origin (`http://host:port`) a URL template fixes, or undefined when its scheme, host or port
 * comes from the message (a tag there) or there is no template.
 */
export function fixedOrigin(template: string): string | undefined {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(template)?.[0];
  if (!authority || authority.includes('{{')) return undefined;
  try {
    return new URL(authority).origin;
  } catch {
    return undefined;
  }
}
