import { z } from 'zod';

/** `\t` typed in a form means a tab. */
export function unescapeChar(value: string): string {
  return value === '\\t' ? '\t' : value;
}
const oneChar = (what: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => unescapeChar(v).length === 1, { message: `${what} must be one character (\\t for a tab)` });
const onParse = { showWhen: { mode: ['auto', 'parse'] } };
const onFormat = { showWhen: { mode: ['auto', 'format'] } };

/** Config of the csv node. */
export const csvConfig = z.object({
  mode: z.enum(['auto', 'parse', 'format']).default('auto').meta({
    description: '`auto`: text (or bytes) is parsed, objects and arrays are formatted. Or always parse / format.',
  }),
  delimiter: oneChar('the delimiter', ',').meta({ description: 'Field separator: `,`, `;`, `|` or `\\t` (tab).' }),
  quote: oneChar('the quote', '"').meta({ description: 'Quote character.', advanced: true }),
  header: z.boolean().default(true).meta({
    description: 'Parse: the first row names the columns. Format: write a header row.',
  }),
  formatHeader: z
    .boolean()
    .optional()
    .meta({
      description: 'Format: write a header row even so (true) or not (false); unset: as `header`.',
      ...onFormat,
      advanced: true,
    }),
  columns: z
    .string()
    .default('')
    .meta({
      description:
        'Column names, comma separated. Parse: names for the fields (the header row, if any, is skipped). Format: which properties to write, in this order (default: `msg.columns` when the message has it, as a list or comma-separated text, else every key in order of appearance).',
      examples: ['order,material,qty'],
    }),
  output: z
    .enum(['objects', 'arrays'])
    .default('objects')
    .meta({
      description: 'Parse: rows as objects keyed by column name, or as arrays of fields.',
      ...onParse,
    }),
  numbers: z
    .boolean()
    .default(true)
    .meta({
      description: 'Parse: turn fields that are plainly numbers into numbers ("007" and "1,5" stay text).',
      ...onParse,
    }),
  skipEmptyLines: z
    .boolean()
    .default(true)
    .meta({ description: 'Parse: ignore blank lines.', ...onParse }),
  multiple: z
    .boolean()
    .default(false)
    .meta({
      description:
        'Parse: send one message per row (with `msg.parts` `{ index, count }`) instead of one with all rows.',
      ...onParse,
    }),
  newline: z
    .enum(['CRLF', 'LF'])
    .default('CRLF')
    .meta({ description: 'Format: row separator.', ...onFormat }),
  quoteAll: z
    .boolean()
    .default(false)
    .meta({
      description: 'Format: quote every field, not only those that need it.',
      ...onFormat,
      advanced: true,
    }),
  bom: z
    .boolean()
    .default(false)
    .meta({
      description: 'Format: start with a UTF-8 byte order mark (helps Excel read non-ASCII text).',
      ...onFormat,
      advanced: true,
    }),
});

export type CsvConfig = z.output<typeof csvConfig>;
