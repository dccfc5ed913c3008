/**
 * The map following the playback marker: while playback runs with "follow" on, the marker is
 * kept in the middle part of the clear map; when it leaves that part the map eases to it (or
 * jumps, when playback has carried it off the screen altogether). Panning by hand (a drag, the
 * arrow keys) turns following off; zooming does not, the marker stays the centre of interest.
 */
import { useEffect, useRef } from 'react';
import type { Map as MapLibreMap, MapLibreEvent } from 'maplibre-gl';
import {
  clearOffset,
  clearPadding,
  insideClear,
  type Padding,
  type ScreenPoint,
} from './followView';

export type FollowStep = 'stay' | 'ease' | 'jump';

/** Share of the clear area on each side where the marker may roam before the map moves. */
const ROAM_INSET = 0.2;
const EASE_MS = 450;

/** What the map does for the marker at `p`: nothing inside the roaming box, else recentre. */
export function followStep(
  p: ScreenPoint,
  size: { width: number; height: number },
  pad: Padding,
): FollowStep {
  const clearW = size.width - pad.left - pad.right;
  const clearH = size.height - pad.top - pad.bottom;
  const roam: Padding = {
    left: pad.left + clearW * ROAM_INSET,
    right: pad.right + clearW * ROAM_INSET,
    top: pad.top + clearH * ROAM_INSET,
    bottom: pad.bottom + clearH * ROAM_INSET,
  };
  if (insideClear(p, size, roam)) return 'stay';
  const onScreen = p.x >= 0 && p.y >= 0 && p.x <= size.width && p.y <= size.height;
  return onScreen ? 'ease' : 'jump';
}

/** Whether a camera change came from the user panning (not zooming, not the app). */
export function isHandPan(event: { originalEvent?: Event | undefined; type: string }): boolean {
  if (event.type === 'dragstart') return true;
  const original = event.originalEvent as { type?: string; key?: string } | undefined;
  return (
    original?.type === 'keydown' &&
    ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(original.key ?? '')
  );
}

export interface FollowOptions {
  map: MapLibreMap | undefined;
  /** The marker's position, or null when there is none. */
  position: [number, number] | null;
  /** Playing with follow on. */
  active: boolean;
  /** Follow is switched on (playing or not): a pause then leaves the marker in the clear area. */
  following: boolean;
  /** Called when the user pans by hand. */
  onHandPan: () => void;
}

/**
 * Keeps the marker in view while `active`; reports a hand pan (while active) to `onHandPan`.
 * A position that arrives while an ease is under way is looked at again when the ease ends,
 * and a pause with follow on settles the map on the marker's last position, so the marker is
 * never left behind an overlay because playback outran the camera.
 */
export function useFollowMarker({
  map,
  position,
  active,
  following,
  onHandPan,
}: FollowOptions): void {
  const easingUntil = useRef(0);
  const recheck = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ active, following, onHandPan, position });
  latest.current = { active, following, onHandPan, position };
  const wasActive = useRef(active);

  useEffect(() => {
    if (!map) return;
    const onPan = (event: MapLibreEvent<Event | undefined> & { type: string }) => {
      if (latest.current.active && isHandPan(event)) latest.current.onHandPan();
    };
    map.on('dragstart', onPan);
    map.on('movestart', onPan);
    return () => {
      map.off('dragstart', onPan);
      map.off('movestart', onPan);
      clearTimeout(recheck.current);
      recheck.current = undefined;
    };
  }, [map]);

  useEffect(() => {
    if (!map) return;
    /** Moves the map if the marker's latest position is outside the roaming box. */
    const bring = (): void => {
      const at = latest.current.position;
      if (!at) return;
      const canvas = map.getCanvas();
      const size = { width: canvas.clientWidth, height: canvas.clientHeight };
      const pad = clearPadding(map);
      const step = followStep(map.project(at), size, pad);
      if (step === 'stay') return;
      const offset = clearOffset(pad);
      if (step === 'jump') {
        // jumpTo stops an ease under way.
        easingUntil.current = 0;
        map.jumpTo({ center: at });
        // jumpTo takes no offset: shift by it afterwards, instantly.
        if (offset[0] !== 0 || offset[1] !== 0)
          map.panBy([-offset[0], -offset[1]], { duration: 0 });
        return;
      }
      easingUntil.current = performance.now() + EASE_MS;
      map.easeTo({ center: at, offset, duration: EASE_MS, easing: (t) => t * (2 - t) });
    };
    /** Whether the marker's latest position is off the screen altogether. */
    const offScreen = (): boolean => {
      const at = latest.current.position;
      if (!at) return false;
      const p = map.project(at);
      const canvas = map.getCanvas();
      return p.x < 0 || p.y < 0 || p.x > canvas.clientWidth || p.y > canvas.clientHeight;
    };
    /**
     * Runs `bring` once the current ease has ended (one ease at a time, or it never arrives),
     * or at once when slow frames let playback carry the marker off the screen mid-ease.
     */
    const bringAfterEase = (when: () => boolean): void => {
      const wait = easingUntil.current - performance.now();
      if (wait <= 0 || offScreen()) {
        if (when()) bring();
        return;
      }
      if (recheck.current !== undefined) return;
      recheck.current = setTimeout(() => {
        recheck.current = undefined;
        if (when()) bring();
      }, wait + 20);
    };

    const was = wasActive.current;
    wasActive.current = active;
    if (active) {
      // Starting (or re-engaging) follow: the next position is brought to the middle at once.
      if (!was) easingUntil.current = 0;
      bringAfterEase(() => latest.current.active);
    } else if (was && following) {
      // Paused with follow on: settle on where the marker stopped, at once (an ease under way
      // is heading for a place the marker has already left).
      easingUntil.current = 0;
      bringAfterEase(() => latest.current.following && !latest.current.active);
    }
  }, [map, active, following, position]);
}
