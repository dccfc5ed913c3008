/**
 * Worker entry: reads one evidence file (hash + detect + parse) and posts the result back,
 * transferring the fix columns instead of copying them. Progress (bytes read) is posted at
 * most every PROGRESS_INTERVAL_MS; the parent throttles again per job.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readEvidenceFile } from '../services/intake-read';
import { prepareTransfer } from '../services/intake-transfer';
import type { WorkerReply, WorkerRequest } from '../services/intake-worker-client';

const PROGRESS_INTERVAL_MS = 100;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('intake-worker must run as a worker thread');
  // A warm worker (see prewarmIntakeWorker) is started before there is a request: it gets its
  // request as its first message instead of as workerData.
  let request = workerData as WorkerRequest | null;
  if (request === null) {
    const ready: WorkerReply = { type: 'ready' };
    port.postMessage(ready);
    request = await new Promise<WorkerRequest>((resolve) => port.once('message', resolve));
  }
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    let lastPosted = -Infinity;
    const onProgress = (bytesRead: number, totalBytes: number): void => {
      const now = performance.now();
      if (now - lastPosted < PROGRESS_INTERVAL_MS && bytesRead < totalBytes) return;
      lastPosted = now;
      const progress: WorkerReply = { type: 'progress', bytesRead, totalBytes };
      port.postMessage(progress);
    };
    const read = await readEvidenceFile(request.path, request.options, { onProgress });
    transfer = prepareTransfer(read);
    reply = { type: 'done', read };
  } catch (err) {
    reply = { type: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply, transfer);
}

void main();
