export declare const Compression: {
  readonly None: 1;
  readonly Gzip: 2;
};
export type Compression = (typeof Compression)[keyof typeof Compression];
export declare const TileType: {
  readonly Mvt: 1;
  readonly Png: 2;
};
export type TileType = (typeof TileType)[keyof typeof TileType];
export declare const HEADER_BYTES = 127;
/** Readers fetch the first 16 KiB at once: header and root directory must fit in it. */
export declare const ROOT_BUDGET_BYTES = 16384;
export interface TileBlob {
  tileId: number;
  /** Already compressed with `tileCompression`. */
  data: Uint8Array;
}
export interface ArchiveDescription {
  tileType: TileType;
  tileCompression: Compression;
  /** Compression of directories and metadata. */
  internalCompression: Compression;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  /** [lon, lat, zoom]. */
  center: [number, number, number];
  metadata: Record<string, unknown>;
}
export interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  /** 0 marks a pointer to a leaf directory. */
  runLength: number;
}
export interface ArchiveStats {
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  leafDirectories: number;
  rootDirectoryBytes: number;
  leafDirectoryBytes: number;
  metadataBytes: number;
  tileDataBytes: number;
  totalBytes: number;
}
/** Unsigned LEB128, by arithmetic so values above 2^32 (offsets in big archives) stay exact. */
export declare function writeVarint(out: number[], value: number): void;
export declare function serializeDirectory(entries: readonly DirectoryEntry[]): Uint8Array;
/** Builds a whole archive in memory; the basemap is a few MB, so streaming would buy nothing. */
export declare function writePmtiles(
  tiles: readonly TileBlob[],
  desc: ArchiveDescription,
): {
  archive: Uint8Array;
  stats: ArchiveStats;
};
