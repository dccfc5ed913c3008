/**
 * Basemap tiles by byte ranges over the API. Electron's file:// ignores Range requests and
 * the app makes no network request, so PMTiles reads go through `readBasemapRange` rather
 * than fetch. MapLibre reaches them as `pmtiles://<key>/{z}/{x}/{y}`.
 */
import { addProtocol } from 'maplibre-gl';
import { PMTiles, Protocol, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapInfo, ItineraApi } from '../../../shared/api';

/** A PMTiles archive read through the bridge, one byte range per call. */
export class BridgeRangeSource implements Source {
  constructor(
    private readonly api: Pick<ItineraApi, 'readBasemapRange'>,
    private readonly basemap: Pick<BasemapInfo, 'id' | 'size'>,
  ) {}

  getKey(): string {
    return basemapKey(this.basemap.id);
  }

  async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
    // pmtiles asks for 16 KiB up front; a smaller archive must not be read past its end.
    const available = Math.max(0, this.basemap.size - offset);
    const wanted = Math.min(length, available);
    if (wanted <= 0) return { data: new ArrayBuffer(0) };
    const result: unknown = await this.api.readBasemapRange({
      basemapId: this.basemap.id,
      offset,
      length: wanted,
    });
    signal?.throwIfAborted();
    return { data: toArrayBuffer(result) };
  }
}

function toArrayBuffer(value: unknown): ArrayBuffer {
  if (value instanceof ArrayBuffer) return value;
  if (ArrayBuffer.isView(value)) {
    const copy = new Uint8Array(value.byteLength);
    copy.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return copy.buffer;
  }
  throw new Error('readBasemapRange did not return bytes');
}

export function basemapKey(id: string): string {
  return `itinera-basemap-${encodeURIComponent(id)}`;
}

export function basemapSourceUrl(id: string): string {
  return `pmtiles://${basemapKey(id)}`;
}

let protocol: Protocol | null = null;

/** Registers the `pmtiles` protocol once and makes `basemap` readable through it. */
export function registerBasemap(
  api: Pick<ItineraApi, 'readBasemapRange'>,
  basemap: Pick<BasemapInfo, 'id' | 'size'>,
): string {
  if (!protocol) {
    protocol = new Protocol({ metadata: false });
    addProtocol('pmtiles', protocol.tile);
  }
  if (!protocol.get(basemapKey(basemap.id))) {
    protocol.add(new PMTiles(new BridgeRangeSource(api, basemap)));
  }
  return basemapSourceUrl(basemap.id);
}
