/**
 * The map's time window and playback. `timeRange` is what every timed layer keeps bright
 * (null: the whole case); `playhead` is where the playback marker stands. All instants are
 * UTC epoch ms; the display zone only changes how they are written.
 */
import type { StateCreator } from 'zustand';

export interface TimeSpan {
  start: number;
  end: number;
}

/** Case-time seconds per real second. */
export const PLAYBACK_SPEEDS = [60, 600, 3600, 21600] as const;
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

export interface TimeSlice {
  /** The bright window, UTC ms; null shows the whole case bright. */
  timeRange: TimeSpan | null;
  playing: boolean;
  speed: PlaybackSpeed;
  /** The playback clock, UTC ms; null until playback first starts. */
  playhead: number | null;
  /** The map keeps the playback marker in view; on whenever playback starts, off on a hand pan. */
  follow: boolean;
  setTimeRange(range: TimeSpan | null): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: PlaybackSpeed): void;
  setPlayhead(t: number | null): void;
  setFollow(follow: boolean): void;
}

/** A span with start ≤ end, or null when either end is not a finite instant. */
export function normaliseSpan(range: TimeSpan | null): TimeSpan | null {
  if (!range || !Number.isFinite(range.start) || !Number.isFinite(range.end)) return null;
  return range.start <= range.end ? range : { start: range.end, end: range.start };
}

export const createTimeSlice: StateCreator<TimeSlice, [], [], TimeSlice> = (set) => ({
  timeRange: null,
  playing: false,
  speed: 600,
  playhead: null,
  follow: true,
  setTimeRange(range) {
    set({ timeRange: normaliseSpan(range) });
  },
  setPlaying(playing) {
    // Following is the default of every playback: starting again re-engages it.
    set(playing ? { playing, follow: true } : { playing });
  },
  setSpeed(speed) {
    set({ speed });
  },
  setPlayhead(t) {
    set({ playhead: t !== null && Number.isFinite(t) ? t : null });
  },
  setFollow(follow) {
    set({ follow });
  },
});
