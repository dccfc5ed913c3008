/** Keeps the overlay layers' opacity in step with the slider, without reloading the style. */
import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { OVERLAY_OPACITY_PROPERTIES, isOverlayLayerId } from '../../../shared/map/styles';
import { useMapHandle } from '../map/MapContext';
import { useApp } from '../store/StoreContext';

type PaintProperty = Parameters<MapLibreMap['setPaintProperty']>[1];

/** Vector overlay areas are see-through even at full opacity, so roads show under them. */
const FILL_SHARE = 0.25;

export function OverlayOpacity() {
  const handle = useMapHandle();
  const opacity = useApp((s) => s.basemapChoice.overlayOpacity);
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  useEffect(() => {
    if (!map?.style) return;
    for (const layer of map.getStyle().layers) {
      if (!isOverlayLayerId(layer.id)) continue;
      const props: readonly PaintProperty[] =
        (OVERLAY_OPACITY_PROPERTIES[layer.type as keyof typeof OVERLAY_OPACITY_PROPERTIES] as
          readonly PaintProperty[] | undefined) ?? [];
      for (const prop of props) {
        map.setPaintProperty(
          layer.id,
          prop,
          layer.type === 'fill' ? opacity * FILL_SHARE : opacity,
        );
      }
    }
  }, [map, generation, opacity]);
  return null;
}
