/**
 * 200 MB of generated Records.json-like input through the splitter, chunk by chunk, as the
 * intake reads a file: memory must stay flat (no whole-file string), every record must arrive.
 * Prints time, throughput and memory figures.
 */
import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter } from '../../../shared/formats/json-stream';

const TARGET_BYTES = 200 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** Deterministic records of about 230 bytes, in 1 MB chunks. */
function* generate(): Generator<Uint8Array> {
  const enc = new TextEncoder();
  let produced = 0;
  let i = 0;
  yield enc.encode('{"locations": [\n');
  while (produced < TARGET_BYTES) {
    const parts: string[] = [];
    let size = 0;
    while (size < CHUNK_BYTES) {
      const lat = 507_000_000 + ((i * 7919) % 1_000_000);
      const lon = 37_000_000 + ((i * 104_729) % 1_000_000);
      const rec = `${i === 0 ? '' : ',\n'}  {"latitudeE7": ${lat}, "longitudeE7": ${lon}, "accuracy": ${i % 50}, "source": "WIFI", "deviceTag": 1234567, "timestamp": "2023-0${1 + (i % 9)}-1${i % 10}T12:${String(i % 60).padStart(2, '0')}:00.000Z", "note": "caf\\u00e9 \\"quoted\\" ]}"}`;
      parts.push(rec);
      size += rec.length;
      i++;
    }
    const chunk = enc.encode(parts.join(''));
    produced += chunk.length;
    yield chunk;
  }
  yield enc.encode('\n], "extra": {"k": [1, 2, 3]}}\n');
  return i;
}

describe('JSON splitter on 200 MB', () => {
  it('streams with flat memory and loses no record', () => {
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    let peakRss = process.memoryUsage().rss;
    let records = 0;
    let lastIndex = -1;
    let errors = 0;
    let envelope: unknown;
    let latSum = 0;
    const splitter = new JsonRecordSplitter(
      {
        record(r) {
          records++;
          lastIndex = r.index;
          latSum += (r.value as { latitudeE7: number }).latitudeE7 > 0 ? 1 : 0;
        },
        envelope(e) {
          envelope = e.value;
        },
        error() {
          errors++;
        },
      },
      { recordArrayKeys: ['locations'] },
    );
    const started = performance.now();
    let bytes = 0;
    let n = 0;
    for (const chunk of generate()) {
      splitter.push(chunk);
      bytes += chunk.length;
      if (++n % 16 === 0) {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
      }
    }
    splitter.finish();
    const seconds = (performance.now() - started) / 1000;
    const mb = bytes / 1024 / 1024;
    console.log(
      `json-stream: ${mb.toFixed(0)} MB, ${records} records in ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(0)} MB/s); ` +
        `heap growth peak ${((peakHeap - heapBefore) / 1024 / 1024).toFixed(0)} MB, peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB ` +
        `(maxRSS of the process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`,
    );
    expect(errors).toBe(0);
    expect(records).toBe(lastIndex + 1);
    expect(latSum).toBe(records);
    expect(records).toBeGreaterThan(800_000);
    expect(envelope).toEqual({ locations: [], extra: { k: [1, 2, 3] } });
    expect(splitter.bytesSeen).toBe(bytes);
    // Far below the 200 MB of input: only the current chunk and record are ever held.
    expect(peakHeap - heapBefore).toBeLessThan(96 * 1024 * 1024);
  }, 180_000);
});
