/**
 * What the printable exhibit page (renderer/exhibit) is given: the exhibit already worded and
 * formatted in its own language, plus what the off-screen map needs to draw the evidence with
 * the app's own layers. The page only lays it out (paginating the tables) and draws the map,
 * so every word and number on the exhibit is decided here, in code shared with the CLI and
 * the tests.
 */
import type { BasemapInfo, ImportedSource } from '../api';
import type { BoundingBox } from '../model';
import type { CameraClockChoice, SourceTimelineSettings, Timeline } from '../timeline/types';
import type { PinConfidence } from '../testimony/types';
import type { ExhibitMapStyle, ExhibitOrientation, ExhibitPageSize, ExhibitShow } from './request';

export const EXHIBIT_DOCUMENT_VERSION = 1;

/** Paper sizes in millimetres, portrait. */
export const PAGE_SIZES_MM: Readonly<Record<ExhibitPageSize, { width: number; height: number }>> = {
  A4: { width: 210, height: 297 },
  A3: { width: 297, height: 420 },
  Letter: { width: 215.9, height: 279.4 },
};

export function pageSizeMm(
  size: ExhibitPageSize,
  orientation: ExhibitOrientation,
): { width: number; height: number } {
  const p = PAGE_SIZES_MM[size];
  return orientation === 'portrait' ? p : { width: p.height, height: p.width };
}

export interface ExhibitColumn {
  label: string;
  /** Share of the table's width, percent (the table has a fixed layout, so rows split evenly). */
  width: number;
  /** Monospaced and broken anywhere (hashes). */
  mono?: boolean;
  align?: 'start' | 'end';
}

/** A table the page may split over several pages, repeating its title and header row. */
export interface ExhibitTable {
  id: string;
  title: string;
  /** False: the table has no header row (a list of statements). */
  header: boolean;
  columns: ExhibitColumn[];
  rows: string[][];
  /** Shown instead of the rows when there are none. */
  empty: string;
  /** A line under the title (e.g. where the places come from). */
  note?: string;
}

export interface ExhibitLegendItem {
  kind:
    | 'route'
    | 'stop'
    | 'photo'
    | 'event'
    | 'accuracy'
    | 'testimony'
    | 'schematic'
    | 'conflict'
    | 'testimonySketch'
    | 'testimonyConflict';
  label: string;
  /** Routes: the `ExhibitMapRoute.key` whose colour the swatch takes. */
  routeKey?: string;
}

/** A chosen source as the map draws it (its photos and events too, not only its route). */
export interface ExhibitMapRoute {
  key: string;
  /** The colour the examiner sees it in; null: the app's palette colour `colourIndex`. */
  colour: string | null;
  /** Position of the source in the request (the app hands out colours in import order). */
  colourIndex: number;
  /** False for sources whose fixes are no route (cell masts, photos). */
  route: boolean;
  source: ImportedSource;
}

/** A photo marker: its thumbnail is served at `EXHIBIT_PHOTO_PATH?key=…` when `thumbnail`. */
export interface ExhibitMapPhoto {
  key: string;
  lat: number;
  lon: number;
  /** `track`: placed on another source's track by time (inferred), drawn as a hollow ring. */
  position: 'own' | 'track';
  thumbnail: boolean;
}

/** A place a witness indicated, numbered as in the pin table. */
export interface ExhibitMapPin {
  id: string;
  n: number;
  lat: number;
  lon: number;
  label: string;
  confidence: PinConfidence;
  uncertaintyM: number | null;
  /** The witness's time does not overlap the nearest stop's: highlighted. */
  conflict: boolean;
}

export interface ExhibitMapSketch {
  id: string;
  label: string;
  confidence: PinConfidence;
  /** [lon, lat] pairs. */
  points: [number, number][];
}

export interface ExhibitMapData {
  /** The basemap to draw under the evidence; null draws the evidence on a plain background. */
  basemap: BasemapInfo | null;
  /** Plain text, from the basemap. */
  attribution: string;
  /** What the view must show whole (the chosen stops and route); null for an empty exhibit. */
  bounds: BoundingBox | null;
  routes: ExhibitMapRoute[];
  /**
   * The timeline as the map draws it: only the exhibit's stops, numbered as in the stop table
   * (the app's StopLayer draws `n`), and the conflicts between them.
   */
  timeline: Timeline;
  /** The time window the layers brighten; null = all bright. */
  timeRange: { start: number; end: number } | null;
  /** From the timeline settings, for the photo layer (which places and corrects photos). */
  photoTracks: Record<string, string>;
  cameraClocks: Record<string, CameraClockChoice>;
  perSource: Record<string, SourceTimelineSettings>;
  /** Photo markers (when photos are shown); absent in documents made before they were added. */
  photos?: ExhibitMapPhoto[];
  /** What witnesses indicated (when testimony is shown and the request carries it). */
  testimony?: { pins: ExhibitMapPin[]; sketches: ExhibitMapSketch[] };
}

export interface ExhibitDocument {
  version: typeof EXHIBIT_DOCUMENT_VERSION;
  /** BCP 47 tag of the exhibit's language, for `<html lang>` and number formatting. */
  lang: string;
  page: {
    size: ExhibitPageSize;
    orientation: ExhibitOrientation;
    widthMm: number;
    heightMm: number;
  };
  dpi: number;
  mapStyle: ExhibitMapStyle;
  show: ExhibitShow;
  title: string;
  /** Case reference, exhibit number, author: label and value, in order. */
  particulars: { label: string; value: string }[];
  /** "Times are in Europe/Brussels (CEST, UTC+02:00)". */
  zoneStatement: string;
  /** Straight legs between stops are schematic, not the road taken. */
  schematicStatement: string;
  /** Where the place names come from and that they are approximate. */
  placesStatement: string;
  legendTitle: string;
  legend: ExhibitLegendItem[];
  /** Page footer: the software and version, and when the exhibit was generated. */
  footer: string;
  /** "Page {page} of {pages}". */
  pageOf: string;
  /** Appended to a table's title on the pages it continues on. */
  continued: string;
  /** Labels drawn on the map image. */
  mapLabels: { north: string; metre: string; kilometre: string; mapAlt: string };
  /** `interview`: the interview map of one hearing (pins first, no schematic). */
  kind?: 'route' | 'interview';
  /** A statement under the map (interview maps: testimony is not device evidence). */
  testimonyStatement?: string;
  stops: ExhibitTable;
  /** The places witnesses indicated and the routes they described, when there are any. */
  pins?: ExhibitTable;
  sketches?: ExhibitTable;
  schematic: { title: string; svg: string | null };
  method: ExhibitTable;
  evidence: ExhibitTable;
  map: ExhibitMapData;
  /** Generation time (UTC ms): the only thing two renders of one request may differ in. */
  generatedAt: number;
}

/** What the page reports on `window.__itineraExhibit` once it is done (or has failed). */
export interface ExhibitPageStatus {
  state: 'loading' | 'ready' | 'error';
  message?: string;
  pages?: number;
  /** Photos drawn at their own position, and how many of them show a real thumbnail. */
  photos?: { markers: number; thumbnails: number };
  map?: {
    /** CSS px of the map box and the device px of the image drawn for it. */
    cssWidth: number;
    cssHeight: number;
    pixelWidth: number;
    pixelHeight: number;
    pixelRatio: number;
    tiles: number;
    /** A single draw came back smaller than asked, so the image was redrawn in tiles. */
    clamped: boolean;
    limits: { maxRenderbufferSize: number; maxViewportDims: [number, number] };
  };
}

/**
 * Where the serving host answers, relative to the renderer's root (the page is
 * `exhibit/exhibit.html` under it). Relative, so the host may put everything under a secret
 * path prefix.
 */
export const EXHIBIT_PAGE_PATH = 'exhibit/exhibit.html';
export const EXHIBIT_DOCUMENT_PATH = '__exhibit/document';
export const EXHIBIT_BASEMAP_PATH = '__exhibit/basemap';
/** A photo's thumbnail by `ExhibitMapPhoto.key` (only the exhibit's own photos are served). */
export const EXHIBIT_PHOTO_PATH = '__exhibit/photo';
