import { describe, expect, it, vi } from 'vitest';
import type { ReadBasemapRangeRequest } from '../../shared/api';
import { BridgeRangeSource, basemapSourceUrl } from '../../renderer/src/map/basemapProtocol';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

function archive(size: number) {
  const bytes = new Uint8Array(size).map((_, i) => i & 0xff);
  const calls: ReadBasemapRangeRequest[] = [];
  const api = {
    readBasemapRange: async (req: ReadBasemapRangeRequest) => {
      calls.push(req);
      return bytes.slice(req.offset, req.offset + req.length).buffer;
    },
  };
  return { api, calls };
}

describe('BridgeRangeSource', () => {
  it('reads byte ranges through the API', async () => {
    const { api, calls } = archive(1000);
    const source = new BridgeRangeSource(api, { id: 'world', size: 1000 });
    const { data } = await source.getBytes(10, 4);
    expect([...new Uint8Array(data)]).toEqual([10, 11, 12, 13]);
    expect(calls).toEqual([{ basemapId: 'world', offset: 10, length: 4 }]);
  });

  it('never asks past the end of the archive (pmtiles reads 16 KiB up front)', async () => {
    const { api, calls } = archive(1000);
    const source = new BridgeRangeSource(api, { id: 'world', size: 1000 });
    const { data } = await source.getBytes(0, 16384);
    expect(data.byteLength).toBe(1000);
    expect(calls[0]!.length).toBe(1000);
    expect((await source.getBytes(1000, 10)).data.byteLength).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('accepts a typed array from a bridge that returns one', async () => {
    const source = new BridgeRangeSource(
      { readBasemapRange: async () => new Uint8Array([7, 8, 9]).subarray(1) as never },
      { id: 'w', size: 100 },
    );
    expect([...new Uint8Array((await source.getBytes(0, 2)).data)]).toEqual([8, 9]);
  });

  it('keys archives by id inside a pmtiles:// URL', () => {
    expect(basemapSourceUrl('user/a b')).toBe('pmtiles://itinera-basemap-user%2Fa%20b');
  });
});
