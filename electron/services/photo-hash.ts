/**
 * SHA-256 of many files at once. Node's `hash.update` runs on the calling thread, so hashing
 * 10,000 photos in the Electron main process would stall it for tens of seconds; a small pool
 * of worker threads hashes instead, each reading its file in 1 MiB chunks. The bench suite
 * `photos` measures the pool against hashing on the calling thread (`hashFileHere`).
 *
 * The worker is a few lines of plain JavaScript started with `eval`, so it needs no bundle
 * entry and runs the same under tsx, vitest and the packaged app.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createSha256, HASH_CHUNK_BYTES } from './hash';
import { open } from 'node:fs/promises';

export interface FileDigest {
  sha256: string;
  /** Bytes hashed (the file's size when it was read). */
  size: number;
}

export interface FileHasher {
  /** Rejects with an error carrying the errno `code` when the file cannot be read. */
  hash(path: string): Promise<FileDigest>;
  /** Stops the workers; pending hashes reject. */
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${HASH_CHUNK_BYTES});
parentPort.on('message', ({ id, path }) => {
  let fd;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('sha256');
    let size = 0;
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
      hash.update(buffer.subarray(0, n));
      size += n;
    }
    parentPort.postMessage({ id, sha256: hash.digest('hex'), size });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err), code: err && err.code });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

type Reply =
  { id: number; sha256: string; size: number } | { id: number; error: string; code?: string };

interface Pending {
  id: number;
  path: string;
  resolve(digest: FileDigest): void;
  reject(err: Error): void;
}

/**
 * Default pool size: one thread per core, at most 4. Measured on 2 cores (bench suite `photos`):
 * 2 threads 1416 MB/s, 1 thread 698 MB/s, the calling thread 468 MB/s with its event loop
 * stalled up to 49 ms (4 ms with the pool). The caller's metadata reading is light enough to
 * share the cores.
 */
export function defaultHashThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export class HashPool implements FileHasher {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly threads = defaultHashThreads()) {}

  hash(path: string): Promise<FileDigest> {
    if (this.closed) return Promise.reject(new Error('hash pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, path, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Error('hash pool closed');
    for (const job of this.queue.splice(0)) job.reject(stopped);
    for (const job of this.busy.values()) job.reject(stopped);
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, path: job.path });
    }
  }

  private spawn(): Worker | undefined {
    if (this.busy.size + this.idle.length >= this.threads) return undefined;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (reply: Reply) => {
      const job = this.busy.get(worker);
      if (!job || job.id !== reply.id) return;
      this.busy.delete(worker);
      this.idle.push(worker);
      // An idle pool must not keep a CLI process alive; a busy one must.
      worker.unref();
      if ('error' in reply) job.reject(Object.assign(new Error(reply.error), { code: reply.code }));
      else job.resolve({ sha256: reply.sha256, size: reply.size });
      this.pump();
    });
    const fail = (err: Error): void => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      job?.reject(err);
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`hash worker stopped (exit code ${code})`)));
    return worker;
  }
}

/** Hashes on the calling thread (reads on libuv's pool, `update` here): the baseline the pool beats. */
export class InlineHasher implements FileHasher {
  async hash(path: string): Promise<FileDigest> {
    const handle = await open(path, 'r');
    try {
      const hash = createSha256();
      const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
      let size = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        size += bytesRead;
      }
      return { sha256: hash.digest('hex'), size };
    } finally {
      await handle.close();
    }
  }

  async close(): Promise<void> {}
}
