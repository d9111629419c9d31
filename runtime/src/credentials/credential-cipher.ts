import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UserError } from '@millwright/model';
import { z } from 'zod';

/** One node's credentials, encrypted: base64 IV (12 bytes), GCM tag (16 bytes) and ciphertext. */
export const sealedEntrySchema = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
export type SealedEntry = z.infer<typeof sealedEntrySchema>;

/** A node's decrypted credentials: key name -> value. */
export type CredentialValues = Record<string, string>;

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Additional authenticated data: the node id, so an entry copied under another node id fails
 * its tag check instead of handing one node's password to another.
 */
function aad(nodeId: string): Buffer {
  return Buffer.from(`millwright-credentials/v1/${nodeId}`, 'utf8');
}

/** Encrypts `values` for `nodeId` with AES-256-GCM and a fresh random IV. */
export function seal(key: Buffer, nodeId: string, values: CredentialValues): SealedEntry {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(nodeId));
  const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/**
 * Decrypts and verifies `nodeId`'s entry. Throws `UserError` `credentials_corrupt` when the tag
 * does not verify (the file was altered, the entry belongs to another node id, or the key is wrong).
 */
export function unseal(key: Buffer, nodeId: string, entry: SealedEntry): CredentialValues {
  const iv = Buffer.from(entry.iv, 'base64');
  const tag = Buffer.from(entry.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw corrupt(nodeId);
  let text: string;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(nodeId));
    decipher.setAuthTag(tag);
    text = Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw corrupt(nodeId);
  }
  const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(text));
  if (!parsed.success) throw corrupt(nodeId);
  return parsed.data;
}

function corrupt(nodeId: string): UserError {
  return new UserError(
    'credentials_corrupt',
    `the credentials of node "${nodeId}" fail their integrity check: credentials.json was altered or the entry was moved; nothing was changed`,
  );
}
