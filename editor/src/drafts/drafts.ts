import type { Flow } from '@millwright/model';

/** Undeployed flows kept in the browser so a reload or a crash of the tab loses nothing. */
export interface Draft {
  /** The deployed revision the edits started from. */
  baseRevision: string;
  flows: Flow[];
  savedAt: number;
}

/** The part of `Storage` drafts use (localStorage in the browser, a map in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One draft per runtime (origin + base path) and user, so two runtimes or two users never mix. */
export function draftKey(runtime: string, user: string): string {
  return `millwright.draft:${runtime}:${user}`;
}

/** Writes the draft; false when the browser's storage is full or refuses (the editor then warns). */
export function saveDraft(storage: DraftStorage, key: string, draft: Draft): boolean {
  try {
    storage.setItem(key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/** The stored draft, or undefined when there is none or it is not one (older format, edited by hand). */
export function readDraft(storage: DraftStorage, key: string): Draft | undefined {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { baseRevision, flows, savedAt } = value as Record<string, unknown>;
  if (typeof baseRevision !== 'string' || !Array.isArray(flows) || typeof savedAt !== 'number') return undefined;
  return { baseRevision, flows: flows as Flow[], savedAt };
}

export function clearDraft(storage: DraftStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Nothing to do: a storage that cannot remove cannot have saved either.
  }
}
