/**
 * The style the main map shows, from the store's basemap choice. It changes (and MapLibre
 * reloads the style) only when the basemap, the variant or the overlay changes; the overlay
 * opacity is applied to the live map by `OverlayOpacity` so dragging the slider is cheap.
 */
import { useMemo } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { useApp, useAppStore } from '../store/StoreContext';
import { FALLBACK_STYLE } from '../map/fallbackStyle';
import { composeStyle } from './composeStyle';

export function useBasemapStyle(): StyleSpecification {
  const store = useAppStore();
  const basemap = useApp((s) => s.basemap);
  const basemaps = useApp((s) => s.basemaps);
  const variant = useApp((s) => s.basemapChoice.variant);
  const overlayId = useApp((s) => s.basemapChoice.overlayId);
  const base = basemap.status === 'ready' ? basemap.basemap : null;
  const overlayInfo = overlayId ? (basemaps.find((b) => b.id === overlayId) ?? null) : null;
  return useMemo(() => {
    if (!base) return FALLBACK_STYLE;
    const opacity = store.getState().basemapChoice.overlayOpacity;
    const overlay = overlayInfo ? { info: overlayInfo, opacity } : null;
    return composeStyle(base, variant, overlay) ?? FALLBACK_STYLE;
  }, [store, base, variant, overlayInfo]);
}
