/**
 * Runs a command as a child process and measures its wall time and peak resident set size,
 * through GNU time (`/usr/bin/time -v`) when present so native tools and Node are measured alike.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const GNU_TIME = '/usr/bin/time';

export interface ProcessMeasure {
  command: string;
  exitCode: number | null;
  wallMs: number;
  /** Peak RSS in bytes, null when it could not be measured. */
  maxRssBytes: number | null;
  stdout: string;
  stderr: string;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

export async function measureProcess(
  command: string,
  args: string[],
  cwd?: string,
): Promise<ProcessMeasure> {
  const useTime = hasGnuTime();
  const [file, argv] = useTime ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  let maxRssBytes: number | null = null;
  if (useTime) {
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (rss) maxRssBytes = Number(rss[1]) * 1024;
    // GNU time's report follows the command's own stderr; keep only the command's part.
    const report = stderr.lastIndexOf('\tCommand being timed:');
    if (report >= 0) stderr = stderr.slice(0, report);
  }
  return { command: [command, ...args].join(' '), exitCode, wallMs, maxRssBytes, stdout, stderr };
}

export function formatMb(bytes: number | null): string {
  return bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function formatSeconds(ms: number | null): string {
  return ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}
