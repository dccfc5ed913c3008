import type { RangeResponse, Source } from 'pmtiles';

/** A pmtiles Source over bytes in memory, the way the app's IPC byte-range reader works. */
export class BufferSource implements Source {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly key = 'buffer',
  ) {}
  getKey(): string {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const slice = this.bytes.slice(offset, offset + length);
    return {
      data: slice.buffer.slice(
        slice.byteOffset,
        slice.byteOffset + slice.byteLength,
      ) as ArrayBuffer,
    };
  }
}
