/**
 * Evidence formats the intake can read, by the id `detectFormat` returns. A new format plugs in
 * by adding its reader here; nothing else in the intake changes.
 */
import { createCdrReader } from '../../shared/formats/cdr/cdr';
import { createIleappReader } from '../../shared/formats/forensic/ileapp';
import { createGeoJsonReader } from '../../shared/formats/geojson';
import { createGoogleReader } from '../../shared/formats/google/google-reader';
import { createGpxReader } from '../../shared/formats/gpx';
import { createKmlReader } from '../../shared/formats/kml';
import { createKmzReader } from '../../shared/formats/kmz';
import { createNmeaReader } from '../../shared/formats/nmea';
import { createOwnTracksReader } from '../../shared/formats/owntracks';
import { createTableReader } from '../../shared/formats/table/table-reader';
import { createXlsxReader } from '../../shared/formats/xlsx';
import type { FormatReader, ReaderOptions } from '../../shared/formats/reader';
import type { SourceKind } from '../../shared/model';

export interface FormatEntry {
  /** Id as returned by `detectFormat`, e.g. `gpx`. */
  id: string;
  /** Name shown to users, e.g. `GPX`. */
  label: string;
  /** Kind of source this format yields unless the reader says otherwise. */
  kind: SourceKind;
  createReader(opts: ReaderOptions): FormatReader;
}

const FORMATS: readonly FormatEntry[] = [
  { id: 'gpx', label: 'GPX', kind: 'track', createReader: createGpxReader },
  { id: 'kml', label: 'KML', kind: 'track', createReader: createKmlReader },
  { id: 'kmz', label: 'KMZ', kind: 'track', createReader: createKmzReader },
  { id: 'nmea', label: 'NMEA 0183', kind: 'track', createReader: createNmeaReader },
  { id: 'geojson', label: 'GeoJSON', kind: 'track', createReader: createGeoJsonReader },
  {
    id: 'google',
    label: 'Google location history',
    kind: 'phone',
    createReader: createGoogleReader,
  },
  { id: 'ileapp', label: 'iLEAPP/ALEAPP report', kind: 'phone', createReader: createIleappReader },
  { id: 'cdr', label: 'Call detail records', kind: 'cell', createReader: createCdrReader },
  { id: 'owntracks', label: 'OwnTracks', kind: 'phone', createReader: createOwnTracksReader },
  { id: 'table', label: 'CSV/TSV', kind: 'tracker', createReader: createTableReader },
  { id: 'xlsx', label: 'Excel (XLSX)', kind: 'tracker', createReader: createXlsxReader },
];

const BY_ID = new Map(FORMATS.map((entry) => [entry.id, entry]));

export function formatEntry(id: string): FormatEntry | undefined {
  return BY_ID.get(id);
}

export function supportedFormats(): readonly FormatEntry[] {
  return FORMATS;
}

/** e.g. `GPX` or `GPX, NMEA`, for messages that tell the user what would have worked. */
export function supportedFormatLabels(): string {
  return FORMATS.map((entry) => entry.label).join(', ');
}
