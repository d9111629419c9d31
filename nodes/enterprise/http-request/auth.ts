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
