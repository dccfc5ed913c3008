/**
 * Basemap tiles over the API. Electron's file:// ignores Range requests and the app makes no
 * network request, so PMTiles reads go through `readBasemapRange` rather than fetch (MapLibre
 * reaches them as `pmtiles://<key>/{z}/{x}/{y}`), and MBTiles tiles through `readBasemapTile`
 * (`mbtiles://<id>/{z}/{x}/{y}`; the Node side flips TMS rows and decompresses).
 */
import { BASEMAP_TILE_PROTOCOL, parseBasemapTileUrl } from '../../../shared/map/basemap-info';
import { addProtocol, type GetResourceResponse, type RequestParameters } from 'maplibre-gl';
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
  throw new Error('the basemap read did not return bytes');
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

/** The PMTiles archive registered for `id`, for reading its header before it is shown. */
export function registeredArchive(id: string): PMTiles | undefined {
  return protocol?.get(basemapKey(id));
}

let mbtilesRegistered = false;

/** Registers the `mbtiles` protocol once; every MBTiles basemap is then readable through it. */
export function registerMbtilesProtocol(api: Pick<ItineraApi, 'readBasemapTile'>): void {
  if (mbtilesRegistered) return;
  mbtilesRegistered = true;
  addProtocol(BASEMAP_TILE_PROTOCOL, (params, abort) => mbtilesTile(api, params, abort));
}

export async function mbtilesTile(
  api: Pick<ItineraApi, 'readBasemapTile'>,
  params: RequestParameters,
  abort: AbortController,
): Promise<GetResourceResponse<ArrayBuffer>> {
  const address = parseBasemapTileUrl(params.url);
  if (!address) throw new Error(`not an MBTiles tile URL: ${params.url}`);
  const result: unknown = await api.readBasemapTile(address);
  abort.signal.throwIfAborted();
  return { data: toArrayBuffer(result) };
}
