/**
 * Map tools: a hover tooltip naming any evidence feature under the pointer; a click details
 * popup (source, time in the display zone, position in decimal and DMS, accuracy, value,
 * evidence file and line) that also selects the feature in the timeline when it is a row
 * there; a measure tool (click points, running distance, clear); and a right-click menu
 * copying the coordinates there. The measured line is a map layer, so exports include it.
 * In interview mode (`interview.open`) the hover tooltip, details popup and copy menu stand
 * aside: the interview screen answers clicks and right-clicks with its own panels; measuring
 * stays.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import {
  Popup,
  type GeoJSONSource,
  type MapLayerMouseEvent,
  type MapMouseEvent,
} from 'maplibre-gl';
import { formatDecimal, formatDms } from '../../../../shared/geo/format-coords';
import { useLocale, useT } from '../../i18n';
import { useApp, useAppStore } from '../../store/StoreContext';
import { formatDistance } from '../../timeline/format';
import { useMapHandle } from '../MapContext';
import { removeLayersAndSources } from '../layers/layerSupport';
import { copyText } from './clipboard';
import { featureDetails, layersToQuery, type FeatureDetails } from './featureDetails';
import { measureFeatures, measureSummary, type LonLat } from './measure';
import './mapTools.css';

export const MEASURE_LAYER_IDS = {
  source: 'tool-measure',
  casing: 'tool-measure-casing',
  line: 'tool-measure-line',
  points: 'tool-measure-points',
} as const;
const M = MEASURE_LAYER_IDS;
const MAX_POPUP_ITEMS = 4;
/** Pixels around the pointer that count as "on" a feature (thin lines, small dots). */
const HIT_SLOP = 4;

interface Hover {
  x: number;
  y: number;
  items: FeatureDetails[];
}

interface PopupState {
  at: [number, number];
  items: FeatureDetails[];
}

interface MenuState {
  x: number;
  y: number;
  at: [number, number];
}

export function MapTools() {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const store = useAppStore();
  const tr = useT();
  const locale = useLocale();
  const zone = useApp((s) => s.displayZone);
  const interviewOpen = useApp((s) => s.interview.open);
  const [hover, setHover] = useState<Hover | null>(null);
  const [popup, setPopup] = useState<PopupState | null>(null);
  const [popupEl, setPopupEl] = useState<HTMLDivElement | null>(null);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [measuring, setMeasuring] = useState(false);
  const [points, setPoints] = useState<LonLat[]>([]);
  const [copied, setCopied] = useState<string | null>(null);
  const latest = useRef({ tr, locale, zone, measuring });
  latest.current = { tr, locale, zone, measuring };

  const hitsAt = useCallback(
    (event: MapMouseEvent): FeatureDetails[] => {
      if (!map) return [];
      const layers = layersToQuery(map.getLayersOrder().map((id) => ({ id })));
      if (layers.length === 0) return [];
      const { x, y } = event.point;
      const features = map.queryRenderedFeatures(
        [
          [x - HIT_SLOP, y - HIT_SLOP],
          [x + HIT_SLOP, y + HIT_SLOP],
        ],
        { layers },
      );
      const state = store.getState();
      const ctx = { ...latest.current, entries: state.entries, timeline: state.timeline };
      const clicked: [number, number] = [event.lngLat.lng, event.lngLat.lat];
      const seen = new Set<string>();
      const items: FeatureDetails[] = [];
      for (const f of features) {
        const d = featureDetails(f, clicked, ctx);
        if (!d || seen.has(d.key)) continue;
        seen.add(d.key);
        items.push(d);
      }
      return items;
    },
    [map, store],
  );

  // Pointer: tooltip on hover, details or a measure point on click, the copy menu on right-click.
  useEffect(() => {
    if (!map) return;
    let frame = 0;
    let lastMove: MapMouseEvent | null = null;
    const onMove = (event: MapMouseEvent) => {
      lastMove = event;
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const e = lastMove;
        if (!e || latest.current.measuring || store.getState().interview.open)
          return setHover(null);
        const items = hitsAt(e);
        setHover(items.length > 0 ? { x: e.point.x, y: e.point.y, items } : null);
      });
    };
    const onOut = () => setHover(null);
    const onClick = (event: MapMouseEvent) => {
      setMenu(null);
      if (latest.current.measuring) {
        setPoints((p) => [...p, [event.lngLat.lng, event.lngLat.lat]]);
        return;
      }
      if (store.getState().interview.open) return;
      const items = hitsAt(event);
      // Photos answer their own clicks (the viewer is their details): a popup would cover it.
      // Stops and conflicts get the popup and are selected in the timeline, as events are.
      const shown = items.filter((i) => !i.ownClick).slice(0, MAX_POPUP_ITEMS);
      if (shown.length === 0 || items[0]!.kind === 'photo') {
        setPopup(null);
        return;
      }
      setPopup({ at: shown[0]!.at, items: shown });
      const rowId = shown[0]!.timelineId;
      if (rowId) store.getState().selectTimelineEntry(rowId, 'map');
    };
    const onContext = (event: MapLayerMouseEvent | MapMouseEvent) => {
      event.preventDefault();
      if (store.getState().interview.open) return;
      setMenu({ x: event.point.x, y: event.point.y, at: [event.lngLat.lng, event.lngLat.lat] });
    };
    const onMoveStart = () => setMenu(null);
    map.on('mousemove', onMove);
    map.on('mouseout', onOut);
    map.on('click', onClick);
    map.on('contextmenu', onContext);
    map.on('movestart', onMoveStart);
    return () => {
      cancelAnimationFrame(frame);
      map.off('mousemove', onMove);
      map.off('mouseout', onOut);
      map.off('click', onClick);
      map.off('contextmenu', onContext);
      map.off('movestart', onMoveStart);
    };
  }, [map, hitsAt, store]);

  // Something picked in the list takes over: a popup from an earlier map click would cover it.
  const listSelection = useApp((s) =>
    s.timelineSelection?.origin === 'list' ? s.timelineSelection.seq : 0,
  );
  useEffect(() => {
    if (listSelection > 0) setPopup(null);
  }, [listSelection]);

  // Opening interview mode closes what was open beside the map: its panels take over.
  useEffect(() => {
    if (!interviewOpen) return;
    setPopup(null);
    setMenu(null);
    setHover(null);
  }, [interviewOpen]);

  // The details popup is MapLibre's (it follows the map); its content is rendered by React.
  useEffect(() => {
    if (!map || !popup) return;
    const el = document.createElement('div');
    const p = new Popup({
      closeButton: true,
      closeOnClick: false,
      maxWidth: '340px',
      className: 'evidence-popup',
    })
      .setLngLat(popup.at)
      .setDOMContent(el)
      .addTo(map);
    p.on('close', () => setPopup((current) => (current === popup ? null : current)));
    setPopupEl(el);
    return () => {
      p.remove();
      setPopupEl(null);
    };
  }, [map, popup]);

  // Measure layers: added with the style, fed with the clicked points.
  useEffect(() => {
    if (!map) return;
    map.addSource(M.source, { type: 'geojson', data: measureFeatures([]) });
    map.addLayer({
      id: M.casing,
      type: 'line',
      source: M.source,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': '#ffffff', 'line-width': 5 },
    });
    map.addLayer({
      id: M.line,
      type: 'line',
      source: M.source,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': '#111827', 'line-width': 2.2, 'line-dasharray': [3, 1.5] },
    });
    map.addLayer({
      id: M.points,
      type: 'circle',
      source: M.source,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 4.5,
        'circle-color': '#ffffff',
        'circle-stroke-color': '#111827',
        'circle-stroke-width': 2,
      },
    });
    return () => removeLayersAndSources(map, [M.points, M.line, M.casing], [M.source]);
  }, [map, generation]);

  useEffect(() => {
    (map?.getSource(M.source) as GeoJSONSource | undefined)?.setData(measureFeatures(points));
  }, [map, generation, points]);

  useEffect(() => {
    if (!map) return;
    map.getCanvas().style.cursor = measuring ? 'crosshair' : '';
    if (measuring) setPopup(null);
    // Double-click adds points while measuring; it must not zoom as well.
    if (measuring) map.doubleClickZoom.disable();
    else map.doubleClickZoom.enable();
  }, [map, measuring]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenu(null);
      setPopup(null);
      setMeasuring(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 1800);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = useCallback((text: string) => {
    void copyText(text).then((ok) => {
      if (ok) setCopied(text);
    });
    setMenu(null);
  }, []);

  const summary = measureSummary(points);

  return (
    <>
      <div className="map-tools" role="toolbar">
        <button
          type="button"
          className={measuring ? 'active' : ''}
          aria-pressed={measuring}
          title={tr('tools.measure')}
          aria-label={tr('tools.measure')}
          data-testid="tool-measure"
          onClick={() => setMeasuring((m) => !m)}
        >
          <RulerGlyph />
        </button>
      </div>
      {(measuring || points.length > 0) && (
        <div className="map-measure" data-testid="measure-panel">
          {points.length < 2 ? (
            <div className="map-measure-hint">{tr('tools.measureHint')}</div>
          ) : (
            <>
              <div className="map-measure-total" data-testid="measure-total">
                {tr('tools.measureTotal', { distance: formatDistance(tr, locale, summary.totalM) })}
              </div>
              <div className="map-measure-leg">
                {tr('tools.measureLeg', { distance: formatDistance(tr, locale, summary.lastLegM) })}
                {' · '}
                {tr('tools.measurePoints', { count: summary.points })}
              </div>
            </>
          )}
          <div className="map-measure-actions">
            <button type="button" onClick={() => setPoints([])} data-testid="measure-clear">
              {tr('tools.clear')}
            </button>
            {measuring && (
              <button type="button" onClick={() => setMeasuring(false)}>
                {tr('tools.done')}
              </button>
            )}
          </div>
        </div>
      )}
      {hover && !popup && (
        <div
          className="map-tooltip"
          style={{ left: hover.x + 14, top: hover.y + 14 }}
          data-testid="map-tooltip"
        >
          <TooltipLine item={hover.items[0]!} />
          {hover.items.length > 1 && (
            <div className="map-tooltip-more">
              {tr('details.more', { count: hover.items.length - 1 })}
            </div>
          )}
        </div>
      )}
      {menu && (
        <div
          className="map-context-menu"
          style={{ left: menu.x, top: menu.y }}
          role="menu"
          data-testid="map-context-menu"
        >
          <div className="map-context-title">{tr('tools.menu')}</div>
          <button
            type="button"
            role="menuitem"
            onClick={() => copy(formatDecimal(menu.at[1], menu.at[0]))}
          >
            <span>{tr('tools.copyDecimal')}</span>
            <code>{formatDecimal(menu.at[1], menu.at[0])}</code>
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => copy(formatDms(menu.at[1], menu.at[0]))}
          >
            <span>{tr('tools.copyDms')}</span>
            <code>{formatDms(menu.at[1], menu.at[0])}</code>
          </button>
        </div>
      )}
      {copied && (
        <div className="map-copied" role="status" data-testid="map-copied">
          {tr('tools.copied')}: <code>{copied}</code>
        </div>
      )}
      {popup &&
        popupEl &&
        createPortal(
          <div className="evidence-details" data-testid="details-popup">
            {popup.items.map((item) => (
              <section key={item.key} data-kind={item.kind} data-key={item.key}>
                <h3>
                  {item.colour && (
                    <span className="map-legend-swatch" style={{ background: item.colour }} />
                  )}
                  {item.title}
                </h3>
                <dl>
                  {item.rows.map((row, i) => (
                    <div key={i}>
                      <dt>{row.label}</dt>
                      <dd>{row.value}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>{tr('details.position')}</dt>
                    <dd>
                      <code data-testid="details-decimal">
                        {formatDecimal(item.at[1], item.at[0])}
                      </code>
                      <br />
                      <code data-testid="details-dms">{formatDms(item.at[1], item.at[0])}</code>
                    </dd>
                  </div>
                </dl>
                <div className="evidence-details-actions">
                  <button type="button" onClick={() => copy(formatDecimal(item.at[1], item.at[0]))}>
                    {tr('tools.copyDecimal')}
                  </button>
                  <button type="button" onClick={() => copy(formatDms(item.at[1], item.at[0]))}>
                    {tr('tools.copyDms')}
                  </button>
                </div>
              </section>
            ))}
          </div>,
          popupEl,
        )}
    </>
  );
}

function TooltipLine({ item }: { item: FeatureDetails }) {
  return (
    <>
      <div className="map-tooltip-title">
        {item.colour && <span className="map-legend-swatch" style={{ background: item.colour }} />}
        {item.title}
      </div>
      {item.when && <div className="map-tooltip-when">{item.when}</div>}
    </>
  );
}

function RulerGlyph() {
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
      <rect
        x="1.5"
        y="6"
        width="15"
        height="6"
        rx="1"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
      <path d="M4.5 6v3M7.5 6v2M10.5 6v3M13.5 6v2" stroke="currentColor" strokeWidth="1.3" />
    </svg>
  );
}
