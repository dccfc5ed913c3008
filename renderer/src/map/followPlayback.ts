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
  /** Called when the user pans by hand. */
  onHandPan: () => void;
}

/** Keeps the marker in view while `active`; reports a hand pan (while active) to `onHandPan`. */
export function useFollowMarker({ map, position, active, onHandPan }: FollowOptions): void {
  const easingUntil = useRef(0);
  const latest = useRef({ active, onHandPan });
  latest.current = { active, onHandPan };

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
    };
  }, [map]);

  // Starting (or re-engaging) follow: the next position is brought to the middle.
  useEffect(() => {
    if (active) easingUntil.current = 0;
  }, [active]);

  useEffect(() => {
    if (!map || !active || !position) return;
    const now = performance.now();
    // One ease at a time: restarting it every frame would never let it arrive.
    if (now < easingUntil.current) return;
    const canvas = map.getCanvas();
    const size = { width: canvas.clientWidth, height: canvas.clientHeight };
    const pad = clearPadding(map);
    const step = followStep(map.project(position), size, pad);
    if (step === 'stay') return;
    const offset = clearOffset(pad);
    if (step === 'jump') {
      map.jumpTo({ center: position });
      // jumpTo takes no offset: shift by it afterwards, instantly.
      if (offset[0] !== 0 || offset[1] !== 0) map.panBy([-offset[0], -offset[1]], { duration: 0 });
      return;
    }
    easingUntil.current = now + EASE_MS;
    map.easeTo({ center: position, offset, duration: EASE_MS, easing: (t) => t * (2 - t) });
  }, [map, active, position]);
}
