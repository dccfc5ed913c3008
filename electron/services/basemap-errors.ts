/** The basemap services' one error type; its message is safe to show (file names, no folders). */
export type BasemapErrorCode =
  | 'basemap.unknown'
  | 'basemap.missing'
  | 'basemap.not-pmtiles'
  | 'basemap.not-a-basemap'
  | 'basemap.unsupported-version'
  | 'basemap.unsupported-format'
  | 'basemap.corrupt'
  | 'basemap.empty'
  | 'basemap.busy'
  | 'basemap.bundled'
  | 'basemap.wrong-kind'
  | 'basemap.out-of-range';

export class BasemapError extends Error {
  override name = 'BasemapError';
  constructor(
    readonly code: BasemapErrorCode,
    message: string,
  ) {
    super(message);
  }
}
