/**
 * One click, one thing: layers that answer their own clicks (stops select their stay, photos
 * open the viewer, clusters zoom in) claim them here, and a click goes only to the claim
 * whose layer holds the topmost claimed feature under the pointer. Without this MapLibre
 * calls every layer's handler with a feature at the point, so a stop drawn over a photo both
 * selected the stop and opened the photo beneath it.
 */
import type { Map as MapLibreMap, MapLayerMouseEvent, PointLike } from 'maplibre-gl';

/** Per map, how many claims each layer has (the same layer may be claimed twice). */
const claimedLayers = new WeakMap<MapLibreMap, Map<string, number>>();

/**
 * Calls `handler` for clicks on `layers` whose topmost claimed feature at the pointer is in
 * `layers`. Returns the function that withdraws the claim.
 */
export function claimClicks(
  map: MapLibreMap,
  layers: readonly string[],
  handler: (event: MapLayerMouseEvent) => void,
): () => void {
  let claims = claimedLayers.get(map);
  if (!claims) {
    claims = new Map();
    claimedLayers.set(map, claims);
  }
  for (const layer of layers) claims.set(layer, (claims.get(layer) ?? 0) + 1);
  const own = new Set(layers);
  const onClick = (event: MapLayerMouseEvent) => {
    const top = topmostClaimedLayer(map, event.point);
    if (top === undefined || own.has(top)) handler(event);
  };
  // One registration for all of them: a click on two of them is still one call.
  const subscription = map.on('click', [...layers], onClick);
  return () => {
    subscription.unsubscribe();
    for (const layer of layers) {
      const left = (claims.get(layer) ?? 1) - 1;
      if (left > 0) claims.set(layer, left);
      else claims.delete(layer);
    }
  };
}

/** The layer of the topmost feature at `point` among the claimed layers present in the style. */
export function topmostClaimedLayer(map: MapLibreMap, point: PointLike): string | undefined {
  const claims = claimedLayers.get(map);
  if (!claims || !map.style) return undefined;
  const layers = [...claims.keys()].filter((id) => map.getLayer(id));
  if (layers.length === 0) return undefined;
  // MapLibre lists hits topmost first, whatever the order of `layers`.
  return map.queryRenderedFeatures(point, { layers })[0]?.layer.id;
}
