/**
 * Runs a command and measures it: wall time, CPU time, and memory of the whole process tree
 * (the command and every process it starts), sampled from /proc every `sampleMs`.
 *
 * Memory figures:
 * - `peakTreeRss`: the largest sum of VmRSS over the live processes of the tree at one sample
 *   (what the machine had to hold at once; shared pages are counted once per process).
 * - `peakProcessRss`: the largest VmHWM (kernel-tracked peak RSS) of any single process of the
 *   tree, exact rather than sampled; the same figure `/usr/bin/time -v` would report.
 * CPU time (user + system, every descendant included) comes from GNU time when it is installed.
 *
 * `measure()` runs all of this on a worker thread, so the samples and the times output lines
 * arrive are not held up when this process's own event loop is busy (the CMS answering the build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface OutputLine {
  /** Milliseconds since the command started. */
  atMs: number;
  text: string;
}

export interface Measurement {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  wallMs: number;
  /** Bytes. */
  peakTreeRss: number;
  /** Bytes. */
  peakProcessRss: number;
  /** Most processes alive in the tree at one sample. */
  peakProcesses: number;
  /** Seconds, from GNU time; null when it is not installed. */
  cpuUserS: number | null;
  cpuSystemS: number | null;
  /** Every line printed on stdout and stderr, with the time it arrived. */
  lines: OutputLine[];
  /** RSS samples of the tree: [ms since start, bytes], at most one per `sampleMs`. */
  rssTimeline: [number, number][];
  /** The largest RSS of this process (the one measuring) seen while the command ran, bytes. */
  ownPeakRss: number;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  sampleMs?: number;
}

const gnuTime = '/usr/bin/time';
const hasGnuTime = existsSync(gnuTime) && /GNU/.test(spawnSync(gnuTime, ['--version'], { encoding: 'utf8' }).stdout + '');

/** Parent pid of every process on the machine. */
function parentsOfAll(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
    } catch {
      // The process ended between readdir and read.
    }
  }
  return parents;
}

/** `root` and every process below it, now. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentsOfAll()) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** VmRSS and VmHWM of a process in bytes, or undefined when it has gone (or is a zombie). */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const rss = kb('VmRSS');
    if (Number.isNaN(rss)) return undefined;
    return { rss: rss * 1024, hwm: (kb('VmHWM') || rss) * 1024 };
  } catch {
    return undefined;
  }
}

export function runMeasured(command: string, args: string[], options: RunOptions): Promise<Measurement> {
  const sampleMs = options.sampleMs ?? 100;
  const timeDir = hasGnuTime ? mkdtempSync(path.join(tmpdir(), 'iro-bench-time-')) : undefined;
  const timeFile = timeDir ? path.join(timeDir, 'time.txt') : undefined;
  const [file, argv] = timeFile ? [gnuTime, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]] : [command, args];

  const started = performance.now();
  // Its own process group, so a timeout can stop the whole tree (and only it).
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const rootPid = child.pid!;

  const lines: OutputLine[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const atMs = performance.now() - started;
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const text of parts) lines.push({ atMs, text });
    });
    stream.on('end', () => {
      if (pending) lines.push({ atMs: performance.now() - started, text: pending });
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);

  let peakTreeRss = 0;
  let peakProcesses = 0;
  let ownPeakRss = process.memoryUsage.rss();
  const hwm = new Map<number, number>();
  const rssTimeline: [number, number][] = [];
  const sample = () => {
    let total = 0;
    let alive = 0;
    for (const pid of descendantsOf(rootPid)) {
      // GNU time itself (a couple of MB) is not part of what is measured.
      if (timeFile && pid === rootPid) continue;
      const memory = memoryOf(pid);
      if (!memory) continue;
      total += memory.rss;
      alive++;
      hwm.set(pid, Math.max(hwm.get(pid) ?? 0, memory.hwm));
    }
    peakTreeRss = Math.max(peakTreeRss, total);
    ownPeakRss = Math.max(ownPeakRss, process.memoryUsage.rss());
    peakProcesses = Math.max(peakProcesses, alive);
    rssTimeline.push([Math.round(performance.now() - started), total]);
  };
  const timer = setInterval(sample, sampleMs);
  sample();

  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-rootPid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, options.timeoutMs);

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(timer);
      clearTimeout(killer);
      if (timeDir) rmSync(timeDir, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      const wallMs = performance.now() - started;
      clearInterval(timer);
      clearTimeout(killer);
      let cpuUserS: number | null = null;
      let cpuSystemS: number | null = null;
      let timeMaxRss = 0;
      if (timeFile) {
        try {
          // GNU time may print "Command exited with non-zero status N" on the line before.
          const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
          const [, user, system, maxKb] = last.split(' ').map(Number);
          if (user !== undefined && !Number.isNaN(user)) cpuUserS = user;
          if (system !== undefined && !Number.isNaN(system)) cpuSystemS = system;
          if (maxKb !== undefined && !Number.isNaN(maxKb)) timeMaxRss = maxKb * 1024;
        } catch {
          // Killed before GNU time wrote anything.
        }
        rmSync(timeDir!, { recursive: true, force: true });
      }
      resolve({
        exitCode,
        signal,
        timedOut,
        wallMs,
        peakTreeRss: Math.max(peakTreeRss, 0),
        peakProcessRss: Math.max(timeMaxRss, ...hwm.values(), 0),
        peakProcesses,
        cpuUserS,
        cpuSystemS,
        lines,
        rssTimeline,
        ownPeakRss,
      });
    });
  });
}

/** `runMeasured` on a worker thread (see the top of this file). */
export function measure(command: string, args: string[], options: RunOptions): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./measure-worker.ts', import.meta.url), { workerData: { command, args, options } });
    let settled = false;
    worker.once('message', (message: { measurement?: Measurement; error?: string }) => {
      settled = true;
      if (message.measurement) resolve(message.measurement);
      else reject(new Error(message.error ?? 'the measuring thread failed'));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the measuring thread stopped (exit code ${code})`));
    });
  });
}

/** CPU seconds the whole machine spent busy (every core, idle and I/O wait excluded), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
  } catch {
    return NaN;
  }
}

/** Processes whose command line matches, other than this process and what it started. */
export function otherProcesses(matches: (argv: string[]) => boolean): number[] {
  const ours = new Set(descendantsOf(process.pid));
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || ours.has(Number(name))) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length > 0 && matches(argv)) found.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/**
 * CPU seconds (user + system) of this process and of its children that have exited and been
 * waited for (with their own waited-for descendants), from /proc/self/stat; NaN if unreadable.
 */
export function ownAndChildrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after "(comm)": state is field 3; utime, stime, cutime, cstime are fields 14 to 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return ((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) / 100;
  } catch {
    return NaN;
  }
}
