/** Texts and values every export states the same way: one wording per fact across formats. */
import type { Locale } from '../i18n';
import { exhibitText, sourceKindText } from '../exhibit/messages';
import { formatDateTime, formatDuration, formatZone } from '../exhibit/format';
import type { ExhibitModel, ExhibitSourceRef, ExhibitStop } from './exhibit-model';

export interface ExportMeta {
  software: { name: string; version: string };
}

/** Colours per source in display order (chosen to stay distinct in greyscale print as well). */
export const ROUTE_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
export const STOP_COLOUR = '#b00020';
export const PHOTO_COLOUR = '#00796b';
export const LEG_COLOUR = '#555555';

export function routeColour(model: ExhibitModel, sourceId: string): string {
  const i = model.sources.findIndex((s) => s.id === sourceId);
  return ROUTE_COLOURS[(i < 0 ? 0 : i) % ROUTE_COLOURS.length]!;
}

export function sourceText(locale: Locale, s: ExhibitSourceRef): string {
  return `${s.label} (${sourceKindText(locale, s.kind)})`;
}

export function stopSourcesText(locale: Locale, stop: ExhibitStop): string {
  return stop.sources.map((s) => sourceText(locale, s)).join('; ');
}

export function placeText(stop: ExhibitStop): string {
  return stop.place ? `${stop.place.name} (${stop.place.country})` : '';
}

export function exportTitle(model: ExhibitModel): string {
  const { options } = model;
  return options.title.trim() !== '' ? options.title : exhibitText(options.locale, 'exhibit.title');
}

/** The display zone named with its offset at the start of what is shown. */
export function zoneText(model: ExhibitModel): string {
  return formatZone(model.displayZone, model.span?.start ?? model.generatedAt ?? NaN);
}

export function localTime(model: ExhibitModel, t: number): string {
  return formatDateTime(t, model.displayZone, model.options.locale, true);
}

export function durationText(model: ExhibitModel, seconds: number): string {
  return formatDuration(seconds, model.options.locale);
}

/** Stable key of a photo inside one export (file names may repeat across folders). */
export function photoKey(p: { source: { id: string }; index: number }): string {
  return `${p.source.id}:${p.index}`;
}
