/**
 * What the intake suites share: our import measured in a child process (`import-child.ts`, the
 * real intake service with its worker), gpsbabel measured the same way, and the lines that say
 * whether a target was met. The machine may be shared, so every figure carries the load average
 * seen around it.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { formatMb, formatSeconds, measureProcess, type ProcessMeasure } from '../measure';

export interface ImportChildOutput {
  importMs: number;
  maxRssBytes: number;
  results: { ok: boolean; points?: number; sha256?: string; code?: string; message?: string }[];
}

export interface Measured<T> {
  measure: ProcessMeasure;
  extra: T;
  /** 1-minute load average before and after the run. */
  load: [number, number];
}

export function loadNow(): number {
  return loadavg()[0]!;
}

export function describeLoad(load: [number, number]): string {
  return `load ${load[0].toFixed(2)}→${load[1].toFixed(2)} on ${cpuCount()} cores`;
}

function cpuCount(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0;
  }
}

/** Runs `run` `repeat` times (at least once) and keeps the fastest, with its load average. */
export async function fastest(
  repeat: number,
  run: () => Promise<ProcessMeasure>,
): Promise<{ measure: ProcessMeasure; load: [number, number] }> {
  let best: { measure: ProcessMeasure; load: [number, number] } | undefined;
  for (let i = 0; i < Math.max(1, repeat); i += 1) {
    const before = loadNow();
    const measure = await run();
    const load: [number, number] = [before, loadNow()];
    if (!best || measure.wallMs < best.measure.wallMs) best = { measure, load };
  }
  return best!;
}

/** Our import of `file` through the intake service, in a child process. */
export async function measureOurImport(
  repoRoot: string,
  file: string,
  repeat: number,
): Promise<Measured<ImportChildOutput>> {
  const run = await fastest(repeat, () =>
    measureProcess(
      process.execPath,
      ['--import', 'tsx', 'test/bench/import-child.ts', file],
      repoRoot,
    ),
  );
  const child = parseChild(run.measure);
  const imported = child?.results[0];
  if (run.measure.exitCode !== 0 || !child || !imported?.ok) {
    throw new Error(
      `our import failed (exit ${run.measure.exitCode}): ${imported ? `${imported.code}: ${imported.message}` : run.measure.stderr.slice(0, 2000)}`,
    );
  }
  return { measure: run.measure, extra: child, load: run.load };
}

function parseChild(measure: ProcessMeasure): ImportChildOutput | undefined {
  const line = measure.stdout.trim().split('\n').pop();
  try {
    return line ? (JSON.parse(line) as ImportChildOutput) : undefined;
  } catch {
    return undefined;
  }
}

export function hasGpsbabel(): boolean {
  try {
    execFileSync('gpsbabel', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `gpsbabel -i FORMAT -f FILE -o unicsv -F /dev/null`: it reads the whole file and writes nothing. */
export function measureGpsbabel(
  repoRoot: string,
  format: string,
  file: string,
  repeat: number,
): Promise<{ measure: ProcessMeasure; load: [number, number] }> {
  return fastest(repeat, () =>
    measureProcess(
      'gpsbabel',
      ['-i', format, '-f', file, '-o', 'unicsv', '-F', '/dev/null'],
      repoRoot,
    ),
  );
}

/** `target wall < 20.00 s: 14.31 s — PASS` */
export function verdictBelow(
  what: string,
  value: number | null,
  limit: number,
  format: (v: number) => string,
): string {
  if (value === null) return `target ${what} < ${format(limit)}: not measured`;
  return `target ${what} < ${format(limit)}: ${format(value)} — ${value < limit ? 'PASS' : 'MISS'}`;
}

export const seconds = (ms: number): string => formatSeconds(ms);
export const megabytes = (bytes: number): string => formatMb(bytes);
