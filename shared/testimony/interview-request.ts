/**
 * The exhibit request of an interview map: one hearing's pins and sketches, with the hearing's
 * reference, interviewer and language, sent through the same export path as a route exhibit.
 * Only that hearing's testimony goes in, so a printed map never carries another witness's pins.
 */
import type { ImportedSource } from '../api';
import { defaultExhibitOptions, type ExhibitRequest } from '../exhibit/request';
import { t } from '../i18n';
import type { TimelineSettings } from '../timeline/types';
import type { Hearing, Testimony } from './types';

export interface InterviewRequestInputs {
  sources: ImportedSource[];
  settings: TimelineSettings;
  testimony: Testimony;
  hearingId: string;
  displayZone: string;
  basemapId?: string | null;
  /** Draw the device evidence under the pins (off when it was hidden from the witness). */
  showDeviceEvidence: boolean;
}

/** One hearing's testimony, with pins that name nobody credited to the witness. */
export function testimonyOfHearing(testimony: Testimony, hearingId: string): Testimony {
  const hearing = testimony.hearings.find((h) => h.id === hearingId);
  const witness = hearing?.witness ?? '';
  return {
    hearings: hearing ? [hearing] : [],
    pins: testimony.pins
      .filter((p) => p.hearingId === hearingId)
      .map((p) => (p.indicatedBy.trim() === '' ? { ...p, indicatedBy: witness } : p)),
    sketches: testimony.sketches.filter((s) => s.hearingId === hearingId),
  };
}

/** A file name for the save dialog: the reference made safe, or the hearing's start date. */
export function interviewExportName(hearing: Hearing, extension: string): string {
  const ref = [...hearing.reference.trim()]
    .map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '-' : c))
    .join('')
    .replace(/-+/g, '-');
  const date = new Date(hearing.startedAt).toISOString().slice(0, 10);
  const base = ref !== '' ? `${ref} - interview map` : `interview map ${date}`;
  return `${base.slice(0, 200)}.${extension}`;
}

export function buildInterviewRequest(inputs: InterviewRequestInputs): ExhibitRequest {
  const testimony = testimonyOfHearing(inputs.testimony, inputs.hearingId);
  const hearing = testimony.hearings[0];
  if (!hearing) throw new Error(`no hearing ${inputs.hearingId}`);
  const options = defaultExhibitOptions(hearing.locale);
  const device = inputs.showDeviceEvidence;
  return {
    sources: device ? inputs.sources : [],
    settings: inputs.settings,
    options: {
      ...options,
      title: t(hearing.locale, 'interview.print.title'),
      caseReference: hearing.reference,
      author: hearing.interviewer,
      displayZone: inputs.displayZone,
      show: {
        route: device,
        stops: device,
        photos: device,
        events: device,
        accuracy: false,
        testimony: true,
      },
    },
    ...(inputs.basemapId ? { basemapId: inputs.basemapId } : {}),
    testimony,
    kind: 'interview',
    hearingId: hearing.id,
  };
}
