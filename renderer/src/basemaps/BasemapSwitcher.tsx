/**
 * The basemap switcher: a compact button in the map's lower right corner that opens a panel
 * listing the bundled and user basemaps (name, schema, zoom range), with the colour variant,
 * an overlay with its opacity, and buttons to add a file, remove one or zoom to its extent.
 */
import { useCallback, useState } from 'react';
import type { BasemapInfo, ItineraApi } from '../../../shared/api';
import type { MessageKey } from '../../../shared/i18n';
import { BASEMAP_VARIANTS } from '../../../shared/map/styles';
import { useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import {
  addBasemapFile,
  chooseBasemap,
  chooseOverlay,
  chooseVariant,
  fitTo,
  removeBasemap,
  setOverlayOpacity,
} from './basemapActions';
import { isUsableBasemap, isUsableOverlay } from './composeStyle';
import './basemaps.css';

const SCHEMA_KEYS: Record<BasemapInfo['schema'], MessageKey> = {
  protomaps: 'basemaps.schema.protomaps',
  openmaptiles: 'basemaps.schema.openmaptiles',
  world: 'basemaps.schema.world',
  raster: 'basemaps.schema.raster',
  unknown: 'basemaps.schema.unknown',
};

export function BasemapSwitcher({ api }: { api: ItineraApi }) {
  const tr = useT();
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const basemaps = useApp((s) => s.basemaps);
  const basemap = useApp((s) => s.basemap);
  const choice = useApp((s) => s.basemapChoice);
  const busy = useApp((s) => s.basemapBusy);
  const currentId = basemap.status === 'ready' ? basemap.basemap.id : null;
  const current = basemaps.find((b) => b.id === currentId);

  const onAdd = useCallback(() => void addBasemapFile(store, api), [store, api]);
  const overlays = basemaps.filter((b) => isUsableOverlay(b) && b.id !== currentId);

  const describe = (b: BasemapInfo) =>
    [
      tr(SCHEMA_KEYS[b.schema]),
      b.tileType === 'raster' ? b.format.toUpperCase() : null,
      tr('basemaps.zoomRange', { min: b.minzoom, max: b.maxzoom }),
      b.kind === 'mbtiles' ? 'MBTiles' : 'PMTiles',
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <div className="basemap-switcher">
      {open && (
        <section
          className="basemap-panel"
          data-testid="basemap-panel"
          aria-label={tr('basemaps.title')}
        >
          <header className="basemap-panel-head">
            <h2>{tr('basemaps.title')}</h2>
            <button
              type="button"
              className="basemap-close"
              aria-label={tr('basemaps.close')}
              onClick={() => setOpen(false)}
            >
              ×
            </button>
          </header>
          <ul className="basemap-list">
            {basemaps
              .filter((b) => b.role !== 'overlay')
              .map((b) => {
                const usable = isUsableBasemap(b);
                return (
                  <li
                    key={b.id}
                    className={`basemap-item${b.id === currentId ? ' is-current' : ''}`}
                    data-testid="basemap-option"
                    data-basemap-id={b.id}
                  >
                    <label className="basemap-choose">
                      <input
                        type="radio"
                        name="basemap"
                        checked={b.id === currentId}
                        disabled={!usable || busy}
                        onChange={() => void chooseBasemap(store, api, b.id)}
                      />
                      <span className="basemap-text">
                        <span className="basemap-name" title={b.name}>
                          {b.name}
                        </span>
                        <span className="basemap-meta">
                          {b.status === 'ok' ? describe(b) : tr(`basemaps.status.${b.status}`)}
                        </span>
                        {b.note && <span className="basemap-note">{b.note}</span>}
                      </span>
                    </label>
                    <span className="basemap-actions">
                      {b.status === 'ok' && (
                        <button
                          type="button"
                          title={tr('basemaps.extent')}
                          aria-label={tr('basemaps.extentOf', { name: b.name })}
                          data-testid="basemap-extent"
                          onClick={() => fitTo(store, b)}
                        >
                          ⤢
                        </button>
                      )}
                      {b.origin === 'user' && (
                        <button
                          type="button"
                          title={tr('basemaps.remove')}
                          aria-label={tr('basemaps.removeNamed', { name: b.name })}
                          data-testid="basemap-remove"
                          onClick={() => void removeBasemap(store, api, b.id)}
                        >
                          🗑
                        </button>
                      )}
                    </span>
                  </li>
                );
              })}
          </ul>
          <button
            type="button"
            className="secondary-button basemap-add"
            data-testid="basemap-add"
            disabled={busy}
            onClick={onAdd}
          >
            {busy ? tr('basemaps.opening') : tr('basemaps.add')}
          </button>

          <fieldset className="basemap-variants">
            <legend>{tr('basemaps.variant')}</legend>
            {BASEMAP_VARIANTS.map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={choice.variant === v}
                className={choice.variant === v ? 'is-on' : ''}
                data-testid={`basemap-variant-${v}`}
                onClick={() => chooseVariant(store, v)}
              >
                {tr(`basemaps.variant.${v}`)}
              </button>
            ))}
          </fieldset>

          <div className="basemap-overlay">
            <label>
              <span>{tr('basemaps.overlay')}</span>
              <select
                data-testid="basemap-overlay-select"
                value={choice.overlayId ?? ''}
                onChange={(e) => void chooseOverlay(store, api, e.target.value || null)}
              >
                <option value="">{tr('basemaps.overlayNone')}</option>
                {overlays.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="basemap-opacity">
              <span>{tr('basemaps.opacity')}</span>
              <input
                type="range"
                min={0}
                max={100}
                step={5}
                data-testid="basemap-overlay-opacity"
                disabled={choice.overlayId === null}
                value={Math.round(choice.overlayOpacity * 100)}
                onChange={(e) => setOverlayOpacity(store, Number(e.target.value) / 100)}
              />
              <output>{Math.round(choice.overlayOpacity * 100)} %</output>
            </label>
          </div>
        </section>
      )}
      <button
        type="button"
        className="basemap-button"
        data-testid="basemap-button"
        aria-expanded={open}
        title={tr('basemaps.title')}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">▦</span>
        <span className="basemap-button-name">{current?.name ?? tr('basemaps.title')}</span>
      </button>
    </div>
  );
}
