/** The main view's map: the basemap plus one route layer per imported source. */
import { useMemo } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { worldStyle } from '../../../shared/map/world-style';
import { useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { sourceEntries } from '../store/sourcesSlice';
import { basemapSourceUrl } from './basemapProtocol';
import { FALLBACK_STYLE } from './fallbackStyle';
import { MapView } from './MapView';
import { RouteLayer } from './RouteLayer';
import { TimelineMapLayers } from '../timeline/TimelineMapLayers';
import { PhotoLayer } from '../photos/PhotoLayer';

export function EvidenceMap() {
  const tr = useT();
  const basemap = useApp((s) => s.basemap);
  const entries = useApp((s) => s.entries);
  const fitRequest = useApp((s) => s.fitRequest);
  const setView = useApp((s) => s.setView);
  const view = useApp((s) => s.view);
  const sources = useMemo(() => sourceEntries(entries), [entries]);

  const basemapId = basemap.status === 'ready' ? basemap.basemap.id : null;
  const style = useMemo<StyleSpecification>(
    () =>
      basemapId === null
        ? FALLBACK_STYLE
        : (worldStyle({
            sourceUrl: basemapSourceUrl(basemapId),
            variant: 'light',
          }) as StyleSpecification),
    [basemapId],
  );

  // Wait for the basemap list so the map starts with its final style.
  if (basemap.status === 'loading') return <div className="map-view map-waiting" />;

  return (
    <div className="map-area">
      <MapView
        style={style}
        initialView={view}
        fitRequest={fitRequest}
        onViewChange={setView}
        ariaLabel={tr('map.label')}
      >
        {sources.map((entry) => (
          <RouteLayer
            key={entry.key}
            source={entry.source}
            color={entry.colour}
            layerKey={entry.key}
          />
        ))}
        <TimelineMapLayers />
        <PhotoLayer />
      </MapView>
      {basemap.status === 'none' && <div className="map-notice">{tr('map.basemapMissing')}</div>}
      {basemap.status === 'error' && (
        <div className="map-notice">{tr('map.basemapError', { message: basemap.message })}</div>
      )}
    </div>
  );
}
