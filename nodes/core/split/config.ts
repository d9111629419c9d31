import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

/**
 * Turns `\n`, `\r`, `\t`, `\0` and `\\` typed in the editor into the characters, so a delimiter
 * field can hold a newline. A real newline in the flow file is kept as is.
 */
export function unescapeDelimiter(text: string): string {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\' };
  return text.replace(/\\([nrt0\\])/g, (_m, c: string) => map[c] ?? c);
}

/** Config of the split node. */
export const splitConfig = z.object({
  property: msgPathSchema('Message property to split.').default('payload'),
  delimiter: z.string().default('\n').meta({
    description:
      'Strings are split at this text (`\\n` and `\\t` may be typed as escapes; empty: one part per character).',
  }),
  stringChunk: z.number().int().min(0).default(0).meta({
    description: 'Characters per message when splitting strings into fixed lengths; 0: split at `delimiter`.',
  }),
  arrayChunk: z
    .number()
    .int()
    .min(1)
    .default(1)
    .meta({ description: 'Elements per message when splitting arrays; above 1 each part is a sub-array.' }),
  bufferChunk: z
    .number()
    .int()
    .min(1)
    .default(1024)
    .meta({ description: 'Bytes per message when splitting binary data.' }),
  keyProperty: msgPathSchema(
    'When splitting objects, also copy each key to this property (e.g. `topic`); empty: only `msg.parts.key`.',
    { allowEmpty: true },
  ).default(''),
});

export type SplitConfig = z.output<typeof splitConfig>;
