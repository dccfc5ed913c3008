/**
 * What an exhibit is made from: the evidence, the timeline settings it was derived with and the
 * examiner's choices in the composer. The same request drives the PDF/PNG/SVG exhibit (rendered
 * by a browser engine) and the file exports (KML, KMZ, GeoJSON, GPX, CSV, written in plain Node),
 * and its manifest is what `itinera exhibit verify` re-derives from.
 */
import type { ImportedSource } from '../imported-source';
import type { Locale } from '../i18n';
import type { Testimony } from '../testimony/types';
import type { TimelineSettings } from '../timeline/types';

export type ExhibitPageSize = 'A4' | 'A3' | 'Letter';
export type ExhibitOrientation = 'portrait' | 'landscape';
/** The basemap style variant the map image is drawn in; `print` is greyscale, high contrast. */
export type ExhibitMapStyle = 'print' | 'light' | 'dark';
export type ExhibitImageFormat = 'pdf' | 'png' | 'svg';
export type ExportFileFormat = 'kml' | 'kmz' | 'geojson' | 'gpx' | 'csv' | 'svg';

/** Which evidence layers the exhibit shows. */
export interface ExhibitShow {
  route: boolean;
  stops: boolean;
  photos: boolean;
  events: boolean;
  accuracy: boolean;
  testimony: boolean;
}

export interface ExhibitOptions {
  title: string;
  caseReference: string;
  exhibitNumber: string;
  author: string;
  /** Language of the exhibit, chosen per exhibit (not the UI's). */
  locale: Locale;
  pageSize: ExhibitPageSize;
  orientation: ExhibitOrientation;
  mapStyle: ExhibitMapStyle;
  show: ExhibitShow;
  /** IANA zone every time on the exhibit is shown in (and named). */
  displayZone: string;
  /** Only entries overlapping this window (UTC ms); null = the whole case. */
  timeRange: { start: number; end: number } | null;
  /** Only these sources (by `Source.id`); null = all. */
  sourceIds: string[] | null;
  /** Only these stops (by `TimelineStop.key`); null = every stop left by the filters above. */
  stopIds: string[] | null;
  /** Resolution of the map image; 300 for print. */
  dpi: number;
}

export const DEFAULT_EXHIBIT_SHOW: ExhibitShow = {
  route: true,
  stops: true,
  photos: true,
  events: true,
  accuracy: false,
  testimony: true,
};

export function defaultExhibitOptions(locale: Locale = 'en'): ExhibitOptions {
  return {
    title: '',
    caseReference: '',
    exhibitNumber: '',
    author: '',
    locale,
    pageSize: 'A4',
    orientation: 'landscape',
    mapStyle: 'print',
    show: { ...DEFAULT_EXHIBIT_SHOW },
    displayZone: 'UTC',
    timeRange: null,
    sourceIds: null,
    stopIds: null,
    dpi: 300,
  };
}

/** Everything needed to produce an exhibit or an export, reproducibly. */
export interface ExhibitRequest {
  sources: ImportedSource[];
  settings: TimelineSettings;
  options: ExhibitOptions;
  /** Basemap to draw under the route (`BasemapInfo.id`); the bundled world map when absent. */
  basemapId?: string;
  /** What witnesses indicated (drawn as testimony, never merged into device evidence). */
  testimony?: Testimony;
  /**
   * `route`: the route reconstruction exhibit. `interview`: the interview map of one hearing
   * (`hearingId`): its pins and sketches, the hearing reference, the pin table.
   */
  kind?: 'route' | 'interview';
  hearingId?: string;
}
