/**
 * CPU time and memory of the processes a benchmark started, read from Linux's /proc (the benchmarks
 * run on Linux; elsewhere every figure is null and the reports say "n/a").
 *
 * A process's CPU time here is its own user + system time plus that of its descendants, living or
 * already reaped (proc(5): utime, stime, cutime, cstime, in clock ticks), so PostgreSQL's backends
 * count towards the postmaster the benchmark started.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (sysconf(_SC_CLK_TCK): 100 on every Linux that Node supports). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
  comm: string;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces; the fields after the last ')' are space-separated.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { pid, ppid: Number(fields[1]), ticks, comm };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names.filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name))).filter((s): s is ProcStat => s !== null);
}

/** CPU seconds used so far by `pid` and all its descendants; null when /proc cannot be read. */
export function treeCpuSeconds(pid: number): number | null {
  const stats = allStats();
  if (!stats.some((s) => s.pid === pid)) return null;
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    ticks += stats.find((s) => s.pid === next)?.ticks ?? 0;
    for (const child of children.get(next) ?? []) pending.push(child.pid);
  }
  return ticks / TICKS_PER_SECOND;
}

/** The direct children of `pid` with their command names (for finding the PostgreSQL and Temporal servers a benchmark spawned). */
export function childProcesses(pid: number): { pid: number; comm: string }[] {
  return allStats().filter((s) => s.ppid === pid).map(({ pid: child, comm }) => ({ pid: child, comm }));
}

/** Resident memory (VmRSS) and its peak (VmHWM) of one process, in MiB; null when unknown. */
export function memoryMiB(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n');
    const kib = (key: string) => Number(status.find((line) => line.startsWith(`${key}:`))?.replace(/\D+/g, '') ?? Number.NaN);
    const rss = kib('VmRSS');
    const peak = kib('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(peak) ? { rss: rss / 1024, peak: peak / 1024 } : null;
  } catch {
    return null;
  }
}
