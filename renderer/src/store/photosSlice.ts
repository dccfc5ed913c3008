/**
 * Photo state the examiner sets: per camera a clock choice (read by the timeline, which builds
 * its settings from it), which track the unpositioned photos of a source are placed on, and
 * which photo the viewer shows.
 */
import type { StateCreator } from 'zustand';
import type { CameraClockChoice } from '../../../shared/timeline/types';

export interface PhotoViewerState {
  /** `SourceEntry.key` of the photos source. */
  sourceKey: string;
  /** Index into `source.photos`. */
  index: number;
}

export interface PhotosSlice {
  /** Per `cameraId`; a camera without an entry uses its resolved times unchanged. */
  cameraClocks: Record<string, CameraClockChoice>;
  /** Per photos source key: the key of the track source its unpositioned photos are placed on. */
  photoTracks: Record<string, string>;
  photoViewer: PhotoViewerState | null;
  /** Sets one camera's choice; null (or the neutral choice) removes it. */
  setCameraClock(cameraId: string, choice: CameraClockChoice | null): void;
  /** Places a source's photos without a position on a track by time; null undoes it. */
  setPhotoTrack(photosSourceKey: string, trackSourceKey: string | null): void;
  openPhoto(sourceKey: string, index: number): void;
  closePhoto(): void;
}

function without<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function isNeutral(choice: CameraClockChoice): boolean {
  return choice.trust === 'auto' && choice.correctionMs === 0;
}

export const createPhotosSlice: StateCreator<PhotosSlice, [], [], PhotosSlice> = (set) => ({
  cameraClocks: {},
  photoTracks: {},
  photoViewer: null,

  setCameraClock(cameraId, choice) {
    set((s) => {
      const cameraClocks = without(s.cameraClocks, cameraId);
      if (choice !== null && !isNeutral(choice) && Number.isFinite(choice.correctionMs)) {
        cameraClocks[cameraId] = { correctionMs: choice.correctionMs, trust: choice.trust };
      }
      return { cameraClocks };
    });
  },

  setPhotoTrack(photosSourceKey, trackSourceKey) {
    set((s) => {
      const photoTracks = without(s.photoTracks, photosSourceKey);
      if (trackSourceKey !== null) photoTracks[photosSourceKey] = trackSourceKey;
      return { photoTracks };
    });
  },

  openPhoto(sourceKey, index) {
    set({ photoViewer: { sourceKey, index } });
  },
  closePhoto() {
    set({ photoViewer: null });
  },
});
