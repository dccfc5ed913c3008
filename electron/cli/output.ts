/**
 * Buffered writing with backpressure: large outputs (a million points as JSON) are written
 * in chunks of about 64 KiB and wait for the stream to drain, instead of one giant string.
 */
import type { Writable } from 'node:stream';

const FLUSH_AT = 64 * 1024;

export class ChunkedWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly stream: Writable) {}

  /** Queues text; flushes when enough has accumulated. Await it to respect backpressure. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          this.stream.off('error', onError);
          resolve();
        };
        const onError = (err: Error): void => {
          this.stream.off('drain', onDrain);
          reject(err);
        };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }
}

/** ISO-8601 UTC for an epoch-ms instant, or null for a missing or unrepresentable one. */
export function isoOrNull(t: number | null | undefined): string | null {
  if (t === null || t === undefined || !Number.isFinite(t) || Math.abs(t) > 8.64e15) return null;
  return new Date(t).toISOString();
}
