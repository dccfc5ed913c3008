/**
 * PMTiles v3 tile ids: tiles are numbered zoom by zoom, and inside a zoom along a Hilbert curve, so
 * that tiles close on the map are close in the archive (and runs of identical tiles compress into
 * one directory entry).
 */
export declare function zxyToTileId(z: number, x: number, y: number): number;
export declare function tileIdToZxy(tileId: number): [z: number, x: number, y: number];
