import { createRequire } from 'node:module';
import type Mustache from 'mustache';

// Config schemas are loaded wherever node definitions are (the runtime's main process too), so
// mustache is required on first use rather than imported: loading the definitions stays light.
const require = createRequire(import.meta.url);

/** Checks template syntax for config validation; returns the problem or undefined. */
export function templateProblem(template: string): string | undefined {
  // Without an opening tag there is nothing to parse (and nothing mustache could reject).
  if (!template.includes('{{')) return undefined;
  try {
    (require('mustache') as typeof Mustache).parse(template);
    return undefined;
  } catch (err) {
    return `invalid template: ${(err as Error).message}`;
  }
}
