// vt-pbf ships no types; only the geojson-vt entry point is used.
declare module 'vt-pbf' {
  interface GeojsonVtLikeTile {
    features: readonly unknown[];
  }
  const vtpbf: {
    fromGeojsonVt(
      layers: Record<string, GeojsonVtLikeTile>,
      options?: { version?: number; extent?: number },
    ): Uint8Array;
  };
  export default vtpbf;
}
