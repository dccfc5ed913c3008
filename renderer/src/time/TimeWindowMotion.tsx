/**
 * While the time window is dragged, the map draws at its lower motion resolution, as it does
 * while the camera moves (map/motionResolution.ts; software GL only). Without a GPU a
 * full-size frame of a large case takes about as long as the 100 ms a drag step may take; at
 * the motion ratio it takes about half. A lone change (a click, one arrow key) keeps the full
 * resolution: only a change that follows another within the quiet time counts as a drag.
 */
import { useEffect, useRef } from 'react';
import { useMapHandle } from '../map/MapContext';
import { useApp } from '../store/StoreContext';

export function TimeWindowMotion(): null {
  const handle = useMapHandle();
  const start = useApp((s) => s.timeRange?.start);
  const end = useApp((s) => s.timeRange?.end);
  const seen = useRef<{ start?: number; end?: number } | null>(null);
  const motion = handle?.motion;
  useEffect(() => {
    const previous = seen.current;
    seen.current = { start, end };
    // The first window this map sees is not a change.
    if (previous === null || !motion) return;
    if (previous.start === start && previous.end === end) return;
    motion.changing();
  }, [motion, start, end]);
  return null;
}
