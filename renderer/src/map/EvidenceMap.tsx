/** The main view's map: the basemap plus one route layer per imported source. */
import { useMemo } from 'react';
import { useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { sourceEntries } from '../store/sourcesSlice';
import { MapView } from './MapView';
import { OverlayOpacity } from '../basemaps/OverlayOpacity';
import { useBasemapStyle } from '../basemaps/useBasemapStyle';
import { RouteLayers } from './RouteLayer';
import { PlaybackMarker } from '../time/PlaybackMarker';
import { TimeWindowMotion } from '../time/TimeWindowMotion';
import { TimelineMapLayers } from '../timeline/TimelineMapLayers';
import { PhotoLayer } from '../photos/PhotoLayer';
import { EvidenceLayers } from './layers/EvidenceLayers';

export function EvidenceMap() {
  const tr = useT();
  const basemap = useApp((s) => s.basemap);
  const entries = useApp((s) => s.entries);
  const fitRequest = useApp((s) => s.fitRequest);
  const setView = useApp((s) => s.setView);
  const view = useApp((s) => s.view);
  const sources = useMemo(() => sourceEntries(entries), [entries]);

  const style = useBasemapStyle();

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
        <OverlayOpacity />
        {/* Mount order is drawing order: numbered stops stay on top of what supports them. */}
        <RouteLayers entries={sources} />
        <EvidenceLayers />
        <PhotoLayer />
        <TimelineMapLayers />
        <PlaybackMarker />
        <TimeWindowMotion />
      </MapView>
      {basemap.status === 'none' && <div className="map-notice">{tr('map.basemapMissing')}</div>}
      {basemap.status === 'error' && (
        <div className="map-notice">{tr('map.basemapError', { message: basemap.message })}</div>
      )}
    </div>
  );
}
