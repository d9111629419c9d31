import { UserError } from '@millwright/model';

/** The ISA-95 equipment hierarchy levels used for Unified Namespace topics, top-down. */
export const ISA95_LEVELS = ['enterprise', 'site', 'area', 'line', 'cell'] as const;

export type Isa95Level = (typeof ISA95_LEVELS)[number];

const LOWER_LEVELS = ['site', 'area', 'line', 'cell'] as const;

/** A position in the equipment hierarchy: the enterprise and any contiguous run of lower levels. */
export type Isa95Path = { enterprise: string } & Partial<Record<Exclude<Isa95Level, 'enterprise'>, string>>;

/**
 * Builds a Unified Namespace topic `enterprise/site/area/line/cell/<rest...>`. Levels must be
 * contiguous from the enterprise down (a line needs its area and site); empty levels end the path.
 * Each segment is trimmed and must be non-empty without `/`, `+`, `#` or NUL. `rest` segments may
 * contain `/` to add several levels (e.g. `machine1/temperature`).
 *
 * Throws UserError `isa95_bad_topic` naming the offending level.
 *
 * @example
 * isa95Topic({ enterprise: 'acme', site: 'plant1', area: 'assembly', line: 'line1' }, 'oee')
 * // 'acme/plant1/assembly/line1/oee'
 */
export function isa95Topic(path: Isa95Path, ...rest: string[]): string {
  const parts: string[] = [];
  let ended: Isa95Level | undefined;
  for (const level of ISA95_LEVELS) {
    const value = path[level]?.trim() ?? '';
    if (!value) {
      ended ??= level;
      continue;
    }
    if (ended) throw bad(`"${level}" is set but "${ended}" above it is empty`);
    const problem = segmentProblem(value);
    if (problem) throw bad(`${level} "${value}" ${problem}`);
    parts.push(value);
  }
  if (!parts.length) throw bad('the enterprise is required');
  for (const r of rest) {
    for (const seg of r.split('/')) {
      const value = seg.trim();
      if (!value) continue;
      const problem = segmentProblem(value);
      if (problem) throw bad(`"${value}" ${problem}`);
      parts.push(value);
    }
  }
  return parts.join('/');
}

/**
 * Reads a UNS topic back: the first five levels as the hierarchy, the remainder as `rest`.
 * The caller knows how deep its namespace goes; pass `depth` (1 to 5) to stop earlier.
 */
export function parseIsa95Topic(topic: string, depth = 5): Isa95Path & { rest: string[] } {
  const segments = topic.split('/');
  const levels = Math.min(Math.max(1, depth), ISA95_LEVELS.length);
  const out: Isa95Path & { rest: string[] } = { enterprise: segments[0] ?? '', rest: segments.slice(levels) };
  LOWER_LEVELS.slice(0, levels - 1).forEach((level, i) => {
    const v = segments[i + 1];
    if (v !== undefined) out[level] = v;
  });
  return out;
}

function segmentProblem(value: string): string | undefined {
  if (/[/+#]/.test(value) || value.includes('\u0000')) return 'must not contain "/", "+", "#" or NUL';
  return undefined;
}

function bad(message: string): UserError {
  return new UserError('isa95_bad_topic', `invalid ISA-95 topic: ${message}`);
}
