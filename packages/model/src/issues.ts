/** One path segment: an object key or an array index. */
export type PathSegment = string | number;

/** A single fault found in a flow or message, located by its JSON path. */
export interface ValidationIssue {
  /** Path from the document root, e.g. `['nodes', 3, 'config', 'timeout']`. */
  path: PathSegment[];
  /** The same path as a JSONPath string, e.g. `$.nodes[3].config.timeout`. */
  pathString: string;
  /** Stable machine-readable code, e.g. `unknown_type`, `invalid_type`, `dangling_wire`. */
  code: string;
  /** Human-readable explanation. */
  message: string;
}

/** Formats a path as JSONPath (`$.nodes[3].config["odd key"]`). */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Builds an issue, filling in `pathString`. */
export function issue(path: PathSegment[], code: string, message: string): ValidationIssue {
  return { path, pathString: formatPath(path), code, message };
}

/** Minimal shape of a zod issue, so this module does not depend on zod internals. */
interface ZodLikeIssue {
  path: readonly PropertyKey[];
  code: string;
  message: string;
}

/** Converts zod issues into validation issues rooted at `prefix`. */
export function fromZodIssues(issues: readonly ZodLikeIssue[], prefix: PathSegment[] = []): ValidationIssue[] {
  return issues.map((i) =>
    issue([...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], i.code, i.message),
  );
}
