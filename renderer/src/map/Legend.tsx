/**
 * The legend: a collapsible box over the map's top-left corner with a row per layer — its
 * symbol, its name, a switch — and under the routes a row per source in its colour, under
 * the events the kinds this case has. What it shows is what the map draws, so it also reads
 * as the key of a screenshot.
 */
import { useMemo } from 'react';
import type { EventType } from '../../../shared/model';
import { useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { LAYER_KINDS, type LayerKind } from '../store/layersSlice';
import { eventName } from '../timeline/format';
import { ACCURACY_MIN_ZOOM } from './layers/AccuracyLayer';
import { eventIconDataUrl } from './layers/eventIcons';
import type { LayerSource } from './layers/evidenceFeatures';
import { TESTIMONY_COLOUR } from './layers/TestimonyLayer';
import { CONFLICT_COLOUR, STOP_COLOUR } from './StopLayer';
import './tools/mapTools.css';

export interface LegendProps {
  sources: readonly LayerSource[];
  testimonyCount: number;
}

const NEUTRAL = '#5f6b7a';

export function Legend({ sources, testimonyCount }: LegendProps) {
  const tr = useT();
  const open = useApp((s) => s.legendOpen);
  const setOpen = useApp((s) => s.setLegendOpen);
  const visible = useApp((s) => s.layerVisible);
  const toggle = useApp((s) => s.toggleLayer);
  const timeline = useApp((s) => s.timeline);

  const counts = useMemo(() => {
    let events = 0;
    let accuracy = 0;
    let cells = 0;
    let photos = 0;
    const eventTypes = new Map<string, string>();
    for (const { source, colour } of sources) {
      events += source.events?.length ?? 0;
      for (const e of source.events ?? [])
        if (!eventTypes.has(e.type)) eventTypes.set(e.type, colour);
      if (source.fixes.accuracyM && !source.fixCells) accuracy += source.fixes.count;
      if (source.fixCells) cells += source.cells?.length ?? 0;
      photos += source.photos?.length ?? 0;
    }
    return { events, accuracy, cells, photos, eventTypes };
  }, [sources]);
  const stops = timeline?.entries.filter((e) => e.type === 'stop').length ?? 0;
  const conflicts = timeline?.entries.filter((e) => e.type === 'conflict').length ?? 0;
  const has: Record<LayerKind, boolean> = {
    routes: sources.some((s) => s.source.fixes.count > 0),
    stops: stops > 0,
    conflicts: conflicts > 0,
    events: counts.events > 0,
    photos: counts.photos > 0,
    accuracy: counts.accuracy > 0,
    sectors: counts.cells > 0,
    testimony: testimonyCount > 0,
  };
  const firstColour = sources[0]?.colour ?? NEUTRAL;

  return (
    <div className={`map-legend${open ? ' open' : ''}`} data-testid="map-legend">
      <button
        type="button"
        className="map-legend-head"
        aria-expanded={open}
        title={open ? tr('layers.close') : tr('layers.open')}
        onClick={() => setOpen(!open)}
        data-testid="map-legend-toggle"
      >
        <LayersGlyph />
        <span>{tr('layers.title')}</span>
        <span className="map-legend-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open && (
        <ul className="map-legend-rows">
          {LAYER_KINDS.map((kind) => (
            <li key={kind} className={has[kind] ? '' : 'absent'} data-kind={kind}>
              <label className="map-legend-row">
                <input
                  type="checkbox"
                  checked={visible[kind]}
                  onChange={() => toggle(kind)}
                  data-testid={`layer-toggle-${kind}`}
                />
                <Symbol kind={kind} colour={firstColour} />
                <span className="map-legend-name">{tr(`layers.kind.${kind}`)}</span>
              </label>
              {kind === 'routes' && sources.length > 0 && (
                <ul className="map-legend-sub">
                  {sources.map((s) => (
                    <li key={s.key} title={s.source.label}>
                      <span className="map-legend-swatch" style={{ background: s.colour }} />
                      <span className="map-legend-label">{s.source.label}</span>
                    </li>
                  ))}
                </ul>
              )}
              {kind === 'events' && counts.eventTypes.size > 0 && (
                <ul className="map-legend-sub">
                  {[...counts.eventTypes].map(([type, colour]) => (
                    <li key={type}>
                      <EventBadge type={type} colour={colour} />
                      <span className="map-legend-label">{eventName(tr, type as EventType)}</span>
                    </li>
                  ))}
                </ul>
              )}
              {kind === 'accuracy' && has.accuracy && (
                <div className="map-legend-note">
                  {tr('layers.accuracyZoom', { zoom: String(ACCURACY_MIN_ZOOM) })}
                </div>
              )}
              {kind === 'sectors' && has.sectors && (
                <div className="map-legend-note">{tr('layers.sectorsDashed')}</div>
              )}
              {!has[kind] && <div className="map-legend-note">{tr('layers.none')}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EventBadge({ type, colour }: { type: string; colour: string }) {
  const url = eventIconDataUrl(type, colour);
  return url ? (
    <img className="map-legend-badge" src={url} alt="" width={16} height={16} />
  ) : (
    <span className="map-legend-badge" />
  );
}

function LayersGlyph() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M8 1.5 15 5 8 8.5 1 5Z" fill="currentColor" />
      <path d="M2.6 7.8 1 8.6l7 3.5 7-3.5-1.6-.8L8 10.5Z" fill="currentColor" opacity="0.7" />
      <path d="M2.6 11.3 1 12.1l7 3.4 7-3.4-1.6-.8L8 14Z" fill="currentColor" opacity="0.45" />
    </svg>
  );
}

/** The layer's symbol as the map draws it, small. */
function Symbol({ kind, colour }: { kind: LayerKind; colour: string }) {
  const box = { width: 22, height: 16, viewBox: '0 0 22 16', 'aria-hidden': true } as const;
  switch (kind) {
    case 'routes':
      return (
        <svg {...box}>
          <path
            d="M2 12 9 5l5 5 6-7"
            fill="none"
            stroke="#fff"
            strokeWidth="5"
            strokeLinecap="round"
          />
          <path
            d="M2 12 9 5l5 5 6-7"
            fill="none"
            stroke={colour}
            strokeWidth="2.6"
            strokeLinecap="round"
          />
        </svg>
      );
    case 'stops':
      return (
        <svg {...box}>
          <circle cx="11" cy="8" r="6.5" fill={STOP_COLOUR} stroke="#fff" strokeWidth="1.5" />
          <text x="11" y="11" textAnchor="middle" fontSize="8.5" fontWeight="700" fill="#fff">
            1
          </text>
        </svg>
      );
    case 'conflicts':
      return (
        <svg {...box}>
          <path d="M3 12 19 4" stroke={CONFLICT_COLOUR} strokeWidth="2.5" strokeDasharray="4 3" />
          <circle cx="3" cy="12" r="2.4" fill="#fff" stroke={CONFLICT_COLOUR} strokeWidth="1.5" />
          <circle cx="19" cy="4" r="2.4" fill="#fff" stroke={CONFLICT_COLOUR} strokeWidth="1.5" />
        </svg>
      );
    case 'events':
      return <EventBadge type="ignition-off" colour={colour} />;
    case 'photos':
      return (
        <svg {...box}>
          <rect
            x="4"
            y="1.5"
            width="14"
            height="13"
            rx="2.5"
            fill="#fff"
            stroke="#7b3fa0"
            strokeWidth="1.6"
          />
          <circle cx="11" cy="8.5" r="3" fill="#7b3fa0" />
        </svg>
      );
    case 'accuracy':
      return (
        <svg {...box}>
          <circle
            cx="11"
            cy="8"
            r="6.5"
            fill={colour}
            fillOpacity="0.15"
            stroke={colour}
            strokeOpacity="0.7"
          />
          <circle cx="11" cy="8" r="1.6" fill={colour} />
        </svg>
      );
    case 'sectors':
      return (
        <svg {...box}>
          <path
            d="M4 14 L17 3 A14 14 0 0 1 20 12 Z"
            fill={colour}
            fillOpacity="0.18"
            stroke={colour}
            strokeWidth="1.3"
          />
          <circle cx="4" cy="14" r="1.8" fill="#fff" stroke={colour} strokeWidth="1.3" />
        </svg>
      );
    case 'testimony':
      return (
        <svg {...box}>
          <path
            d="M11 15 6.4 8.6A5.2 5.2 0 1 1 15.6 8.6Z"
            fill={TESTIMONY_COLOUR}
            stroke="#fff"
            strokeWidth="1.2"
          />
          <circle cx="11" cy="5.8" r="1.8" fill="#fff" />
        </svg>
      );
  }
}
