import type { SnapshotMeta } from '@millwright/model';

/** The revision counter (`12` of `12-3f9a0b1c2d`), or the whole revision when it has none. */
export function shortRevision(revision: string): string {
  const counter = /^(\d+)-/.exec(revision)?.[1];
  return counter ? `r${counter}` : revision.slice(0, 12);
}

/** How a snapshot is called in the panel and the diff banner: its name, its message, or its revision. */
export function snapshotTitle(meta: Pick<SnapshotMeta, 'name' | 'message' | 'revision'>): string {
  if (meta.name) return meta.name;
  if (meta.message) return meta.message.length > 60 ? `${meta.message.slice(0, 59)}…` : meta.message;
  return `Deploy ${shortRevision(meta.revision)}`;
}

/**
 * Which of two picked ids is the older side of a diff: ids are listed newest first, and the
 * canvas (undeployed edits) is newer than every snapshot.
 */
export function orderPair(listedNewestFirst: readonly string[], a: string, b: string): [string, string] {
  const rank = (id: string) => (id === 'canvas' ? -1 : listedNewestFirst.indexOf(id));
  return rank(a) > rank(b) ? [a, b] : [b, a];
}
