/**
 * The interview screen's hands on the map: dropping a pin where the map is clicked, dragging
 * pins, sketching a route click by click (double-click or Enter finishes), right-click to
 * describe a point, flying to a chosen search result, the preview marker of a result not yet
 * chosen, and hiding every device layer when the witness must not see it. Mounted inside the
 * map (it needs MapContext); inert while the interview screen is closed, except that pins can
 * still be selected.
 */
import { useEffect, useMemo, useRef } from 'react';
import type {
  FilterSpecification,
  GeoJSONSource,
  Map as MapLibreMap,
  MapLayerMouseEvent,
  MapMouseEvent,
} from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import { useMapHandle } from '../map/MapContext';
import { useApp, useAppStore } from '../store/StoreContext';
import { hearingTestimony } from '../store/testimonySlice';
import { bridge } from '../bridge';
import { useBasemapNames } from './basemapNames';

export const INTERVIEW_LAYER_IDS = {
  previewSource: 'interview-preview',
  preview: 'interview-preview-ring',
  previewDot: 'interview-preview-dot',
  draftSource: 'interview-draft',
  draftLine: 'interview-draft-line',
  draftPoints: 'interview-draft-points',
} as const;
const IDS = INTERVIEW_LAYER_IDS;
const PIN_LAYER = 'evidence-testimony-pins';
const RING_LAYER = 'evidence-testimony-rings';
const SKETCH_LABEL_LAYER = 'evidence-testimony-sketch-labels';
/** Every layer of the testimony layer (TestimonyLayer.tsx, which mounts this component). */
const TESTIMONY_LAYERS = [
  PIN_LAYER,
  RING_LAYER,
  SKETCH_LABEL_LAYER,
  'evidence-testimony-sketch-lines',
  'evidence-testimony-uncertainty',
];
/** Pin and route labels across a hearing-room table; the evidence view keeps its smaller ones. */
const HEARING_LABEL_SIZE = 18;
const DESK_LABEL_SIZE = 13;
const PREVIEW_COLOUR = '#e65100';
const DRAFT_COLOUR = '#00897b';

/** Layers that are never device evidence: testimony, these tools, the measuring tool. */
function isOwnOrTool(id: string): boolean {
  return id.startsWith('evidence-testimony') || id.startsWith('interview-') || /measure/.test(id);
}

/**
 * Device evidence is drawn from GeoJSON sources; basemaps are vector or raster tiles. Hiding
 * every GeoJSON layer but testimony covers layers the legend does not switch (routes, playback).
 */
function deviceLayerIds(map: MapLibreMap): string[] {
  const style = map.getStyle();
  const sources = style.sources ?? {};
  return style.layers
    .filter((l) => 'source' in l && typeof l.source === 'string')
    .filter((l) => sources[(l as { source: string }).source]?.type === 'geojson')
    .map((l) => l.id)
    .filter((id) => !isOwnOrTool(id));
}

export function InterviewMapTools() {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const store = useAppStore();
  const open = useApp((s) => s.interview.open);
  const tool = useApp((s) => s.interview.tool);
  const preview = useApp((s) => s.interview.preview);
  const draft = useApp((s) => s.interview.draft);
  const flyTo = useApp((s) => s.interview.flyTo);
  const hideDevice = useApp((s) => s.interview.hiddenDevice !== null);
  const dragging = useRef<string | null>(null);
  useBasemapNames(map, open, bridge() ?? undefined);

  // During a hearing the map shows that hearing's pins and routes only, as the list does: a
  // witness is not shown what another witness indicated. The normal map shows them all.
  const testimony = useApp((s) => s.testimony);
  const hearingId = useApp((s) => s.activeHearingId);
  const hearingIdsKey = useMemo(() => {
    const { pins, sketches } = hearingTestimony(testimony, hearingId);
    return JSON.stringify([...pins.map((p) => p.id), ...sketches.map((k) => k.id)]);
  }, [testimony, hearingId]);
  useEffect(() => {
    if (!map || !open) return;
    const ids = JSON.parse(hearingIdsKey) as string[];
    const only: FilterSpecification = ['in', ['get', 'id'], ['literal', ids]];
    const original = new Map<string, FilterSpecification | null>();
    const apply = () => {
      if (!map.style) return;
      for (const id of TESTIMONY_LAYERS) {
        if (!map.getLayer(id)) continue;
        if (!original.has(id)) original.set(id, (map.getFilter(id) as FilterSpecification) ?? null);
        const base = original.get(id);
        // The testimony layer's own filters are expressions, as is this one.
        const next = (base ? ['all', base, only] : only) as FilterSpecification;
        if (JSON.stringify(map.getFilter(id)) !== JSON.stringify(next)) map.setFilter(id, next);
      }
    };
    apply();
    map.on('styledata', apply);
    return () => {
      map.off('styledata', apply);
      if (!map.style) return;
      for (const [id, filter] of original) if (map.getLayer(id)) map.setFilter(id, filter);
    };
  }, [map, generation, open, hearingIdsKey]);

  // The testimony layer adds its layers after this runs (parents' effects run after
  // children's), and again with every style: sizes are set whenever the style changes.
  useEffect(() => {
    if (!map) return;
    const size = open ? HEARING_LABEL_SIZE : DESK_LABEL_SIZE;
    const halo = open ? 2.5 : 1.5;
    const apply = () => {
      if (!map.style) return;
      for (const id of [PIN_LAYER, SKETCH_LABEL_LAYER]) {
        if (!map.getLayer(id)) continue;
        if (map.getLayoutProperty(id, 'text-size') !== size)
          map.setLayoutProperty(id, 'text-size', size);
        if (map.getPaintProperty(id, 'text-halo-width') !== halo)
          map.setPaintProperty(id, 'text-halo-width', halo);
      }
    };
    apply();
    map.on('styledata', apply);
    return () => {
      map.off('styledata', apply);
    };
  }, [map, generation, open]);

  const previewData = useMemo<FeatureCollection>(
    () => ({
      type: 'FeatureCollection',
      features: preview
        ? [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [preview.lon, preview.lat] },
              properties: { label: preview.label },
            },
          ]
        : [],
    }),
    [preview],
  );
  const draftData = useMemo<FeatureCollection>(() => {
    const points = draft ?? [];
    const features: FeatureCollection<Geometry>['features'] = points.map((c) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: c },
      properties: {},
    }));
    if (points.length >= 2) {
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: points },
        properties: {},
      });
    }
    return { type: 'FeatureCollection', features };
  }, [draft]);
  const latest = useRef({ previewData, draftData });
  latest.current = { previewData, draftData };

  // Layers of their own: the preview ring and the route being sketched.
  useEffect(() => {
    if (!map) return;
    map.addSource(IDS.previewSource, { type: 'geojson', data: latest.current.previewData });
    map.addSource(IDS.draftSource, { type: 'geojson', data: latest.current.draftData });
    map.addLayer({
      id: IDS.draftLine,
      type: 'line',
      source: IDS.draftSource,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': DRAFT_COLOUR, 'line-width': 3, 'line-dasharray': [1, 1] },
    });
    map.addLayer({
      id: IDS.draftPoints,
      type: 'circle',
      source: IDS.draftSource,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 5,
        'circle-color': '#ffffff',
        'circle-stroke-color': DRAFT_COLOUR,
        'circle-stroke-width': 2.5,
      },
    });
    map.addLayer({
      id: IDS.preview,
      type: 'circle',
      source: IDS.previewSource,
      paint: {
        'circle-radius': 18,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': PREVIEW_COLOUR,
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: IDS.previewDot,
      type: 'circle',
      source: IDS.previewSource,
      paint: { 'circle-radius': 4, 'circle-color': PREVIEW_COLOUR },
    });
    return () => {
      if (!map.style) return;
      for (const id of [IDS.previewDot, IDS.preview, IDS.draftPoints, IDS.draftLine]) {
        if (map.getLayer(id)) map.removeLayer(id);
      }
      for (const id of [IDS.previewSource, IDS.draftSource]) {
        if (map.getSource(id)) map.removeSource(id);
      }
    };
  }, [map, generation]);

  useEffect(() => {
    (map?.getSource(IDS.previewSource) as GeoJSONSource | undefined)?.setData(previewData);
  }, [map, generation, previewData]);
  useEffect(() => {
    (map?.getSource(IDS.draftSource) as GeoJSONSource | undefined)?.setData(draftData);
  }, [map, generation, draftData]);

  // The map fills a different box when the screen opens or closes.
  useEffect(() => {
    if (!map) return;
    const id = requestAnimationFrame(() => map.resize());
    return () => cancelAnimationFrame(id);
  }, [map, open]);

  const flySeq = flyTo?.seq ?? 0;
  useEffect(() => {
    const target = store.getState().interview.flyTo;
    if (!map || !target) return;
    map.flyTo({
      center: [target.lon, target.lat],
      zoom: target.zoom,
      duration: 900,
      essential: true,
    });
  }, [map, flySeq, store]);

  // Device evidence hidden: every GeoJSON layer that is not testimony, kept hidden as others
  // (re)add theirs, and shown again as the legend has it when the switch is turned off.
  useEffect(() => {
    if (!map || !open || !hideDevice) return;
    const hidden = new Set<string>();
    const apply = () => {
      if (!map.style) return;
      for (const id of deviceLayerIds(map)) {
        if (map.getLayoutProperty(id, 'visibility') === 'none' && !hidden.has(id)) continue;
        hidden.add(id);
        if (map.getLayoutProperty(id, 'visibility') !== 'none') {
          map.setLayoutProperty(id, 'visibility', 'none');
        }
      }
    };
    apply();
    map.on('styledata', apply);
    return () => {
      map.off('styledata', apply);
      if (!map.style) return;
      for (const id of hidden)
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'visible');
    };
  }, [map, generation, open, hideDevice]);

  // Pointer: drop, sketch, drag, select, describe.
  useEffect(() => {
    if (!map) return;
    const canvas = map.getCanvasContainer();
    const state = () => store.getState();
    const onClick = (e: MapMouseEvent) => {
      const s = state();
      if (!s.interview.open) return;
      const at = { lat: e.lngLat.lat, lon: wrap(e.lngLat.lng) };
      if (s.interview.tool === 'pin') {
        s.addPin(at);
        s.setInterviewTool('pan');
      } else if (s.interview.tool === 'sketch') {
        s.addSketchPoint(at);
      }
    };
    const onDblClick = (e: MapMouseEvent) => {
      const s = state();
      if (!s.interview.open || s.interview.tool !== 'sketch') return;
      e.preventDefault();
      s.finishSketch();
    };
    const onContext = (e: MapMouseEvent) => {
      const s = state();
      if (!s.interview.open) return;
      s.lookUpPoint({ lat: e.lngLat.lat, lon: wrap(e.lngLat.lng) });
    };
    const onPinDown = (e: MapLayerMouseEvent) => {
      const s = state();
      const id = e.features?.[0]?.properties?.id as string | undefined;
      // Only the main button drags: a right-click on a pin asks what is there.
      if (e.originalEvent.button !== 0) return;
      if (!id || !s.interview.open || s.interview.tool !== 'pan') return;
      if (!s.testimony.pins.some((p) => p.id === id)) return;
      e.preventDefault();
      s.selectTestimony(id);
      dragging.current = id;
      canvas.style.cursor = 'grabbing';
      const onMove = (m: MapMouseEvent) => {
        if (dragging.current) {
          state().movePin(dragging.current, { lat: m.lngLat.lat, lon: wrap(m.lngLat.lng) }, true);
        }
      };
      const onUp = () => {
        map.off('mousemove', onMove);
        const moved = dragging.current;
        dragging.current = null;
        canvas.style.cursor = '';
        // Ends the drag's undo step.
        if (moved) state().selectTestimony(moved);
      };
      map.on('mousemove', onMove);
      map.once('mouseup', onUp);
    };
    const onPinClick = (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.id as string | undefined;
      if (id && state().interview.open && state().interview.tool === 'pan')
        state().selectTestimony(id);
    };
    const onEnter = () => {
      if (state().interview.open && state().interview.tool === 'pan') canvas.style.cursor = 'grab';
    };
    const onLeave = () => {
      if (!dragging.current && state().interview.tool === 'pan') canvas.style.cursor = '';
    };
    map.on('click', onClick);
    map.on('dblclick', onDblClick);
    map.on('contextmenu', onContext);
    for (const layer of [PIN_LAYER, RING_LAYER]) {
      map.on('mousedown', layer, onPinDown);
      map.on('click', layer, onPinClick);
      map.on('mouseenter', layer, onEnter);
      map.on('mouseleave', layer, onLeave);
    }
    return () => {
      map.off('click', onClick);
      map.off('dblclick', onDblClick);
      map.off('contextmenu', onContext);
      for (const layer of [PIN_LAYER, RING_LAYER]) {
        map.off('mousedown', layer, onPinDown);
        map.off('click', layer, onPinClick);
        map.off('mouseenter', layer, onEnter);
        map.off('mouseleave', layer, onLeave);
      }
    };
  }, [map, store]);

  // Drawing tools: a crosshair, and no zoom on the double-click that ends a sketch.
  useEffect(() => {
    if (!map) return;
    const drawing = open && tool !== 'pan';
    map.getCanvasContainer().style.cursor = drawing ? 'crosshair' : '';
    if (open && tool === 'sketch') map.doubleClickZoom.disable();
    else map.doubleClickZoom.enable();
  }, [map, open, tool]);

  return null;
}

function wrap(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}
