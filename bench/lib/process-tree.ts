import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and every live descendant of it (Linux /proc: children of each of its threads). */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return; // gone meanwhile
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(/\s+/).filter(Boolean)) visit(Number(c));
    }
  };
  visit(pid);
  return out;
}

/** A process as seen once: its pid and its start time, so a reused pid is never mistaken for it. */
export interface ProcessRef {
  pid: number;
  startTicks: string;
}

/** `pid` and its descendants, with their start times (see {@link killLeftovers}). */
export function snapshotTree(pid: number): ProcessRef[] {
  return processTree(pid).flatMap((p) => {
    const startTicks = startTicksOf(p);
    return startTicks === undefined ? [] : [{ pid: p, startTicks }];
  });
}

/**
 * SIGKILLs each process of a {@link snapshotTree} that still runs: descendants a stopped child left
 * behind. A pid that now belongs to another process (different start time) is left alone.
 */
export function killLeftovers(refs: readonly ProcessRef[]): void {
  for (const r of refs)
    if (startTicksOf(r.pid) === r.startTicks)
      try {
        process.kill(r.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), undefined when the process is gone. */
function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Sum in MB of one /proc status field (`VmRSS`, `VmHWM`) over `pid` and its live descendants. */
function treeSumMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

/** RSS in MB of `pid` and all its descendants: the sum of their VmRSS. */
export const treeRssMb = (pid: number): number => treeSumMb(pid, 'VmRSS');

/** Peak RSS in MB of `pid` and its live descendants: the sum of their VmHWM (each process's own peak). */
export const treePeakRssMb = (pid: number): number => treeSumMb(pid, 'VmHWM');

/**
 * Proportional set size in MB of `pid` and its live descendants (/proc/<pid>/smaps_rollup): pages
 * shared by several processes of the tree (the node binary, libraries) count once in all, where a
 * sum of RSS counts them once per process. What the tree really holds.
 */
export function treePssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}
