/**
 * Worker entry: reads one evidence file (hash + detect + parse) and posts the result back,
 * transferring the fix columns instead of copying them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readEvidenceFile } from '../services/intake-read';
import { prepareTransfer } from '../services/intake-transfer';
import type { WorkerReply, WorkerRequest } from '../services/intake-worker-client';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('intake-worker must run as a worker thread');
  const request = workerData as WorkerRequest;
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const read = await readEvidenceFile(request.path, request.options);
    transfer = prepareTransfer(read);
    reply = { type: 'done', read };
  } catch (err) {
    reply = { type: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply, transfer);
}

void main();
