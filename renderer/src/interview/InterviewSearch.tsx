/**
 * The search box: coordinate readings first (when the text parses as coordinates), then places
 * from the gazetteer ranked near the map's centre. The highlighted answer is previewed on the map
 * before anything moves; Enter or a click flies there, "Pin here" drops a pin on it. ↑/↓ move,
 * Esc clears. Each keystroke's search time is shown, small.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { parseCoordinates } from '../../../shared/geo/coordinates/parse';
import type { PlaceSearchResult } from '../../../shared/geo/gazetteer-search';
import { formatNumber, type Locale } from '../../../shared/i18n';
import { useT } from '../i18n';
import { useAppStore } from '../store/StoreContext';
import { COORDINATE_FORMAT_NAMES, COORDINATE_ZOOM, hemisphereText, zoomForPlace } from './format';
import { appPlaceSearch, type SearchStatus } from './placeSearchClient';

export interface SearchItem {
  kind: 'coordinates' | 'place';
  key: string;
  lat: number;
  lon: number;
  /** What a pin dropped on it is labelled. */
  label: string;
  title: string;
  detail: string;
  zoom: number;
}

function placeDetail(r: PlaceSearchResult, locale: Locale): string {
  const where = r.countryName || r.country;
  const distance = r.distanceKm !== undefined ? ` · ${formatNumber(locale, r.distanceKm)} km` : '';
  return `${where}${distance}`;
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
  const input = useRef<HTMLInputElement>(null);
  const items = [...coords, ...places];

  useEffect(() => appPlaceSearch().onStatus(setStatus), []);
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
              key: `p${i}`,
              lat: r.lat,
              lon: r.lon,
              label: r.name,
              title: r.name,
              detail: placeDetail(r, store.getState().locale),
              zoom: zoomForPlace(r),
            })),
          );
          setTiming({ ms: parseMs + answer.ms, query });
        });
    },
    [store],
  );

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
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(item)}
            >
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
