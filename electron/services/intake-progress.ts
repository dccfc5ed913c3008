/**
 * Import progress for one job: per-file byte counts folded into events, throttled so the
 * renderer gets at most four updates a second however fast the workers report (each update is
 * a frame drawn, on the cores the import is using). A file reaching a final state (done,
 * failed, cancelled) is sent at once, never swallowed.
 */
import type { ImportProgressEvent } from '../../shared/api';

export const PROGRESS_INTERVAL_MS = 250;

type FileState = ImportProgressEvent['state'];

export interface ProgressClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ProgressClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const FINAL: ReadonlySet<FileState> = new Set(['done', 'failed', 'cancelled']);

export class JobProgress {
  private readonly read: number[];
  private readonly total: number[];
  private readonly states: FileState[];
  /** Per folder path: files done and found (absent for plain files). */
  private readonly fileCounts: ({ done: number; total: number } | undefined)[];
  /** Files changed since the last emission. */
  private readonly dirty = new Set<number>();
  private lastEmit = -Infinity;
  private timer: unknown = undefined;
  private closed = false;

  constructor(
    private readonly jobId: string,
    private readonly paths: readonly string[],
    sizes: readonly number[],
    private readonly emit: (event: ImportProgressEvent) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly clock: ProgressClock = realClock,
  ) {
    this.total = paths.map((_, i) => sizes[i] ?? 0);
    this.read = paths.map(() => 0);
    this.states = paths.map(() => 'queued');
    this.fileCounts = paths.map(() => undefined);
  }

  /** Files of folder `index` done so far and found in it; sent with the folder's next event. */
  files(index: number, done: number, total: number): void {
    if (this.closed || FINAL.has(this.states[index]!)) return;
    this.fileCounts[index] = { done, total };
    this.states[index] = 'reading';
    this.dirty.add(index);
    this.schedule();
  }

  /** Bytes read so far of file `index` (the size seen at open replaces the one stat gave). */
  bytes(index: number, bytesRead: number, totalBytes: number): void {
    if (this.closed || FINAL.has(this.states[index]!)) return;
    this.read[index] = bytesRead;
    this.total[index] = totalBytes;
    this.states[index] = 'reading';
    this.dirty.add(index);
    this.schedule();
  }

  finish(index: number, state: 'done' | 'failed' | 'cancelled'): void {
    if (this.closed || FINAL.has(this.states[index]!)) return;
    this.states[index] = state;
    if (state === 'done') this.read[index] = this.total[index]!;
    this.dirty.add(index);
    this.flush();
  }

  /** Sends what is pending and stops: nothing is emitted after the job's call returned. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private schedule(): void {
    const wait = this.lastEmit + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.closed || this.dirty.size === 0) return;
    this.lastEmit = this.clock.now();
    const jobBytesRead = this.read.reduce((a, b) => a + b, 0);
    const jobTotalBytes = this.total.reduce((a, b) => a + b, 0);
    const indexes = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    for (const index of indexes) {
      const path = this.paths[index]!;
      const counts = this.fileCounts[index];
      this.emit({
        jobId: this.jobId,
        fileIndex: index,
        fileCount: this.paths.length,
        path,
        name: path.split(/[\\/]/).pop() ?? path,
        bytesRead: this.read[index]!,
        totalBytes: this.total[index]!,
        jobBytesRead,
        jobTotalBytes,
        state: this.states[index]!,
        ...(counts ? { filesDone: counts.done, filesTotal: counts.total } : {}),
      });
    }
  }
}
