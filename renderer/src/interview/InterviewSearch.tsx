/**
 * The search box: coordinate readings first (when the text parses as coordinates), then places
 * from the gazetteer ranked near the map's centre. The highlighted answer is previewed on the map
 * before anything moves; Enter or a click flies there, "Pin here" drops a pin on it. ↑/↓ move,
 * Esc clears. Each keystroke's search time is shown, small. Streets and points of interest of
 * the basemap on screen (see basemapNames.ts) come with a road or pin glyph and say so.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { parseCoordinates } from '../../../shared/geo/coordinates/parse';
import type { PlaceSearchResult } from '../../../shared/geo/gazetteer-search';
import type { Locale } from '../../../shared/i18n';
import { useT, type Translate } from '../i18n';
import { useAppStore } from '../store/StoreContext';
import {
  COORDINATE_FORMAT_NAMES,
  COORDINATE_ZOOM,
  distanceText,
  hemisphereText,
  zoomForPlace,
} from './format';
import { appPlaceSearch, type SearchStatus } from './placeSearchClient';

export interface SearchItem {
  kind: 'coordinates' | 'place';
  /** For places: the gazetteer, or the loaded basemap (a street, a point of interest …). */
  source?: PlaceSearchResult['source'];
  /** For basemap places: `street`, `poi`, `place` or `feature`. */
  category?: string;
  key: string;
  lat: number;
  lon: number;
  /** What a pin dropped on it is labelled. */
  label: string;
  title: string;
  detail: string;
  zoom: number;
}

const BASEMAP_CATEGORIES = ['street', 'poi', 'place', 'feature'] as const;

/** `street` from a basemap kind such as `street:residential`. */
export function basemapCategory(kind: string): (typeof BASEMAP_CATEGORIES)[number] {
  const category = kind.split(':')[0];
  return BASEMAP_CATEGORIES.find((c) => c === category) ?? 'feature';
}

function placeDetail(r: PlaceSearchResult, locale: Locale, tr: Translate): string {
  const distance = r.distanceKm !== undefined ? distanceText(locale, r.distanceKm * 1000) : '';
  const parts =
    r.source === 'basemap'
      ? [
          tr(`interview.result.${basemapCategory(r.kind)}`),
          tr('interview.result.fromBasemap'),
          distance,
        ]
      : [r.countryName || r.country, distance];
  return parts.filter((p) => p !== '').join(' · ');
}

function ResultGlyph({ category }: { category: string }) {
  // A road for streets, a map pin for everything else the basemap names.
  return (
    <svg className="iv-result-glyph" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
      {category === 'street' ? (
        <>
          <path d="M7 2 3 20M15 2l4 18" stroke="currentColor" strokeWidth="2" fill="none" />
          <path d="M11 3v3M11 9.5v3M11 16v3" stroke="currentColor" strokeWidth="1.6" />
        </>
      ) : (
        <>
          <path
            d="M11 20s-6-6.2-6-10.5a6 6 0 0 1 12 0C17 13.8 11 20 11 20z"
            stroke="currentColor"
            strokeWidth="1.8"
            fill="none"
          />
          <circle cx="11" cy="9.5" r="2" fill="currentColor" />
        </>
      )}
    </svg>
  );
}

export function InterviewSearch() {
  const tr = useT();
  const store = useAppStore();
  const [text, setText] = useState('');
  const [coords, setCoords] = useState<SearchItem[]>([]);
  const [places, setPlaces] = useState<SearchItem[]>([]);
  const [active, setActive] = useState(0);
  const [timing, setTiming] = useState<{ ms: number; query: string } | null>(null);
  const [status, setStatus] = useState<SearchStatus>(() => appPlaceSearch().status());
  const [basemapNames, setBasemapNames] = useState(() => appPlaceSearch().basemapNames());
  const input = useRef<HTMLInputElement>(null);
  const items = [...coords, ...places];

  useEffect(() => appPlaceSearch().onStatus(setStatus), []);
  useEffect(() => appPlaceSearch().onBasemapNames(setBasemapNames), []);
  useEffect(() => input.current?.focus(), []);

  const run = useCallback(
    (query: string) => {
      const started = performance.now();
      const view = store.getState().view;
      const near = { lat: view.center[1], lon: view.center[0] };
      const readings = parseCoordinates(query, { reference: near });
      const parseMs = performance.now() - started;
      setCoords(
        readings.slice(0, 4).map((r, i) => ({
          kind: 'coordinates',
          key: `c${i}`,
          lat: r.lat,
          lon: r.lon,
          label: query.trim(),
          title: `${COORDINATE_FORMAT_NAMES[r.format]} ${query.trim()} → ${hemisphereText(r.lat, r.lon)}`,
          detail: r.note ?? '',
          zoom: COORDINATE_ZOOM,
        })),
      );
      setActive(0);
      if (query.trim() === '') {
        setPlaces([]);
        setTiming(null);
        return;
      }
      void appPlaceSearch()
        .search(query, { near, limit: 8, locale: store.getState().locale })
        .then((answer) => {
          if (!answer) return;
          setPlaces(
            answer.results.map((r, i) => ({
              kind: 'place',
              source: r.source,
              ...(r.source === 'basemap' ? { category: basemapCategory(r.kind) } : {}),
              key: `p${i}`,
              lat: r.lat,
              lon: r.lon,
              label: r.name,
              title: r.name,
              detail: placeDetail(r, store.getState().locale, tr),
              zoom: zoomForPlace(r),
            })),
          );
          setTiming({ ms: parseMs + answer.ms, query });
        });
    },
    [store, tr],
  );

  // Street names arrive as the map shows more of the basemap: the open query is asked again.
  const textNow = useRef(text);
  textNow.current = text;
  useEffect(() => {
    if (basemapNames > 0 && textNow.current.trim() !== '') run(textNow.current);
  }, [basemapNames, run]);

  // The highlighted answer is shown on the map before the map moves.
  const current = items[Math.min(active, items.length - 1)];
  useEffect(() => {
    store
      .getState()
      .setSearchPreview(
        current ? { lat: current.lat, lon: current.lon, label: current.title } : null,
      );
  }, [store, current?.lat, current?.lon, current?.title]);
  useEffect(() => () => store.getState().setSearchPreview(null), [store]);

  const choose = (item: SearchItem | undefined) => {
    if (!item) return;
    store.getState().flyToPoint({ lat: item.lat, lon: item.lon }, item.zoom);
  };
  const pinHere = (item: SearchItem) => {
    const s = store.getState();
    s.addPin({ lat: item.lat, lon: item.lon, label: item.label });
    s.flyToPoint({ lat: item.lat, lon: item.lon }, Math.max(item.zoom, 14));
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(current);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      if (text !== '') {
        setText('');
        run('');
      } else {
        input.current?.blur();
      }
    }
  };

  const busy = status.state === 'loading' || status.state === 'indexing';
  return (
    <div className="iv-search">
      <input
        ref={input}
        type="search"
        className="iv-search-input"
        data-testid="interview-search"
        placeholder={tr('interview.search.placeholder')}
        aria-label={tr('interview.search.placeholder')}
        value={text}
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls="iv-search-results"
        aria-activedescendant={current ? `iv-result-${current.key}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          run(e.target.value);
        }}
        onKeyDown={onKey}
      />
      <div
        className="iv-search-status"
        data-testid="interview-search-status"
        data-state={status.state}
      >
        {busy && tr('interview.search.preparing')}
        {status.state === 'failed' && tr('interview.search.unavailable')}
        {basemapNames > 0 && (
          <span className="iv-basemap-names" data-testid="interview-basemap-names">
            {tr('interview.search.basemapNames', { count: basemapNames })}
          </span>
        )}
        {timing !== null && (
          <span
            data-testid="interview-search-time"
            data-ms={timing.ms.toFixed(1)}
            data-query={timing.query}
          >
            {tr('interview.search.time', { ms: timing.ms.toFixed(1) })}
          </span>
        )}
      </div>
      {items.length > 0 && (
        <ul className="iv-results" id="iv-search-results" role="listbox">
          {items.map((item, i) => (
            <li
              key={item.key}
              id={`iv-result-${item.key}`}
              role="option"
              aria-selected={i === active}
              className={`iv-result${i === active ? ' active' : ''} iv-result-${item.kind}`}
              data-testid={
                item.kind === 'coordinates' ? 'interview-coord-reading' : 'interview-place'
              }
              data-source={item.source}
              data-category={item.category}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(item)}
            >
              {item.category && <ResultGlyph category={item.category} />}
              <span className="iv-result-text">
                <span className="iv-result-title">{item.title}</span>
                {item.detail && <span className="iv-result-detail">{item.detail}</span>}
              </span>
              <button
                type="button"
                className="iv-small-button"
                data-testid="interview-result-pin"
                onClick={(e) => {
                  e.stopPropagation();
                  pinHere(item);
                }}
              >
                {tr('interview.pinHere')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {text.trim() !== '' && items.length === 0 && !busy && (
        <div className="iv-empty">{tr('interview.search.none')}</div>
      )}
    </div>
  );
}
