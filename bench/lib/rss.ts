import { readFile } from 'node:fs/promises';

/** Memory figures of a live process, in MB, from Linux's /proc/<pid>/status. */
export interface ProcessMemory {
  /** Peak resident set size so far (VmHWM): includes every thread, so worker threads count. */
  peakRssMb: number;
  /** Current resident set size (VmRSS). */
  rssMb: number;
}

/**
 * Reads the peak and current RSS of `pid`. Call it while the process is still alive: the kernel
 * forgets the figures on exit. Rejects when the process is gone or /proc is not available.
 */
export async function readProcessMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return { peakRssMb: field(status, 'VmHWM'), rssMb: field(status, 'VmRSS') };
}

function field(status: string, name: string): number {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!m?.[1]) throw new Error(`/proc status has no ${name} line`);
  return Number(m[1]) / 1024;
}
