/**
 * The photos column: per photos source how many photos have a position, the photos without
 * one (placeable on a track by time, as inferred positions), and the camera clocks.
 */
import { useMemo } from 'react';
import { formatDateTimeWithZone, formatNumber } from '../../../shared/i18n';
import { useLocale, useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import type { SourceEntry } from '../store/sourcesSlice';
import { CameraClocksPanel } from './CameraClocksPanel';
import { PhotoThumb } from './PhotoThumb';
import { hasOwnPosition, photoSources, placePhoto, trackSources } from './photoGeoJson';
import { cameraId, effectivePhotoTime, photoInAssumedZone } from '../../../shared/photos/cameras';
import { zoneChoices } from '../shell/zones';

/** Listing more would stall the panel; the rest are counted. */
const MAX_LISTED = 200;

export function PhotosPanel() {
  const tr = useT();
  const entries = useApp((s) => s.entries);
  const sources = useMemo(() => photoSources(entries), [entries]);
  if (sources.length === 0) return null;
  return (
    <aside className="photos-panel" aria-label={tr('photos.title')} data-testid="photos-panel">
      {sources.map((entry) => (
        <PhotoSourceCard key={entry.key} entry={entry} />
      ))}
      <CameraClocksPanel />
    </aside>
  );
}

function PhotoSourceCard({ entry }: { entry: SourceEntry }) {
  const tr = useT();
  const locale = useLocale();
  const store = useAppStore();
  const entries = useApp((s) => s.entries);
  const zone = useApp((s) => s.displayZone);
  const trackKey = useApp((s) => s.photoTracks[entry.key]);
  const cameraClocks = useApp((s) => s.cameraClocks);
  const assumedZone = useApp((s) => s.timelineSettings.perSource[entry.source.id]?.assumedZone);
  const tracks = useMemo(() => trackSources(entries), [entries]);
  const track = tracks.find((t) => t.key === trackKey);
  const photos = entry.source.photos!;
  const unplaced = useMemo(() => {
    const list: number[] = [];
    photos.forEach((p, i) => {
      if (!hasOwnPosition(p)) list.push(i);
    });
    return list;
  }, [photos]);
  const placements = useMemo(
    () =>
      track
        ? unplaced.map((i) => placePhoto(photos[i]!, track.source, cameraClocks, assumedZone))
        : unplaced.map(() => null),
    [track, unplaced, photos, cameraClocks, assumedZone],
  );
  const placedCount = placements.filter(Boolean).length;
  // Photos whose DateTimeOriginal nothing places in a zone (no offset tag, no position).
  const zoneless = useMemo(
    () =>
      photos.filter((p) => p.timeBasis === 'none' && p.raw.dateTimeOriginal !== undefined).length,
    [photos],
  );
  const systemZone = useApp((s) => s.systemZone);
  const zones = useMemo(
    () => zoneChoices(systemZone, assumedZone ?? zone),
    [systemZone, assumedZone, zone],
  );

  return (
    <section className="photo-source" data-testid="photo-source" data-source-key={entry.key}>
      <div className="source-head">
        <span className="swatch" style={{ background: entry.colour }} aria-hidden="true" />
        <span className="source-name">{entry.source.label}</span>
      </div>
      <div className="counts">
        <div className="count">
          <span className="count-value" data-testid="photos-total" data-value={photos.length}>
            {formatNumber(locale, photos.length)}
          </span>
          <span className="count-label">{tr('photos.total')}</span>
        </div>
        <div className="count">
          <span
            className="count-value"
            data-testid="photos-positioned"
            data-value={photos.length - unplaced.length}
          >
            {formatNumber(locale, photos.length - unplaced.length)}
          </span>
          <span className="count-label">{tr('photos.positioned')}</span>
        </div>
        <div className="count">
          <span
            className="count-value"
            data-testid="photos-unpositioned"
            data-value={unplaced.length}
          >
            {formatNumber(locale, unplaced.length)}
          </span>
          <span className="count-label">{tr('photos.noPosition')}</span>
        </div>
      </div>
      {zoneless > 0 && (
        <label className="place-on-track" data-testid="photos-zone">
          <span>{tr('photos.assumedZone', { count: zoneless })}</span>
          <select
            value={assumedZone ?? ''}
            data-testid="photos-zone-select"
            onChange={(e) =>
              store.getState().setSourceTimelineSettings(entry.source.id, {
                assumedZone: e.target.value || undefined,
              })
            }
          >
            <option value="">{tr('photos.assumedZoneNone')}</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
      )}
      {unplaced.length > 0 && (
        <div className="photo-unplaced">
          <label className="place-on-track">
            <span>{tr('photos.placeOnTrack')}</span>
            <select
              value={track?.key ?? ''}
              data-testid="photos-track"
              onChange={(e) => store.getState().setPhotoTrack(entry.key, e.target.value || null)}
            >
              <option value="">{tr('photos.placeNone')}</option>
              {tracks
                .filter((t) => t.key !== entry.key)
                .map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.source.label}
                  </option>
                ))}
            </select>
          </label>
          {track && (
            <p className="hint" data-testid="photos-placed-summary">
              {tr('photos.placedSummary', {
                placed: placedCount,
                count: unplaced.length,
              })}
            </p>
          )}
          <ul className="unplaced-list" data-testid="unplaced-list">
            {unplaced.slice(0, MAX_LISTED).map((i, k) => {
              const photo = photoInAssumedZone(photos[i]!, assumedZone);
              const file = entry.source.files[photo.fileIndex];
              const { t } = effectivePhotoTime(photo, cameraClocks[cameraId(photo)]);
              const placement = placements[k];
              return (
                <li key={i} className="unplaced-row" data-testid="unplaced-photo" data-index={i}>
                  <PhotoThumb sourceKey={entry.key} index={i} size={36} />
                  <div>
                    <div className="file-name">{file?.name ?? '—'}</div>
                    <div className="muted">
                      {Number.isFinite(t)
                        ? formatDateTimeWithZone(locale, t, zone)
                        : tr('photo.noTime')}
                    </div>
                    <div
                      className={placement ? 'placed-note' : 'muted'}
                      data-testid="unplaced-status"
                    >
                      {placement
                        ? tr('photos.placedInferred', {
                            seconds: formatNumber(locale, placement.timeDistanceMs / 1000, 0),
                          })
                        : tr('photos.noPositionShort')}
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
          {unplaced.length > MAX_LISTED && (
            <p className="muted">{tr('photos.more', { count: unplaced.length - MAX_LISTED })}</p>
          )}
        </div>
      )}
    </section>
  );
}
