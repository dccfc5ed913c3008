/**
 * One photo with everything known about it: the picture, the file's identity, its time with
 * the basis in words, its position, the camera and the issues found. ←/→ step through the
 * photos of the same source; Esc closes.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatDateTimeWithZone, formatFileSize, formatNumber } from '../../../shared/i18n';
import type { EvidenceFile, Photo } from '../../../shared/model';
import { cameraId, effectivePhotoTime } from '../../../shared/photos/cameras';
import { formatDms, formatSignedDuration } from '../../../shared/photos/format';
import { bridge } from '../bridge';
import { useLocale, useT, type Translate } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import type { SourceEntry } from '../store/sourcesSlice';
import { hasOwnPosition, placePhoto } from './photoGeoJson';
import { decodableMime } from './thumbnails';

type ImageState =
  | { status: 'loading' }
  | { status: 'ready'; url: string; fromPreview: boolean }
  | { status: 'none'; reason: string };

/** The basis of a photo's time, in the words an examiner would write in a statement. */
export function describeTimeBasis(photo: Photo, tr: Translate): string {
  const raw = photo.raw;
  switch (photo.timeBasis) {
    case 'offset':
      return tr('photo.basis.offset', {
        dateTime: raw.dateTimeOriginal ?? '?',
        offset: raw.offsetTimeOriginal ?? '?',
      });
    case 'gps':
      return tr('photo.basis.gps', {
        date: raw.gpsDateStamp ?? '?',
        time: raw.gpsTimeStamp ?? '?',
      });
    case 'zone-assumed':
      return tr('photo.basis.zoneAssumed', {
        dateTime: raw.dateTimeOriginal ?? '?',
        zone: photo.assumedZone ?? '?',
      });
    default:
      return tr('photo.basis.none');
  }
}

function usePhotoImage(photo: Photo | undefined, file: EvidenceFile | undefined): ImageState {
  const tr = useT();
  const [state, setState] = useState<ImageState>({ status: 'loading' });
  useEffect(() => {
    const api = bridge();
    const path = file?.path;
    if (!photo || !api || !path) {
      setState({ status: 'none', reason: tr('photo.image.unavailable') });
      return;
    }
    let url: string | null = null;
    let alive = true;
    setState({ status: 'loading' });
    const mime = decodableMime(photo.container);
    const preview = photo.preview;
    const load = async (): Promise<ImageState> => {
      if (mime) {
        const bytes = await api.readPhotoImage({ path });
        url = URL.createObjectURL(new Blob([bytes], { type: mime }));
        return { status: 'ready', url, fromPreview: false };
      }
      if (preview) {
        const bytes = await api.readPhotoPreview({
          path,
          offset: preview.offset,
          length: preview.length,
        });
        url = URL.createObjectURL(new Blob([bytes], { type: preview.mime }));
        return { status: 'ready', url, fromPreview: true };
      }
      return {
        status: 'none',
        reason: tr('photo.image.cannotDecode', { container: photo.container.toUpperCase() }),
      };
    };
    load()
      .catch((err: unknown) => ({
        status: 'none' as const,
        reason: tr('photo.image.failed', {
          message: err instanceof Error ? err.message : String(err),
        }),
      }))
      .then((next) => {
        if (alive) setState(next);
        else if (url) URL.revokeObjectURL(url);
      });
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [photo, file, tr]);
  return state;
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}

export function PhotoViewerHost() {
  const viewer = useApp((s) => s.photoViewer);
  const entry = useApp((s) =>
    viewer ? s.entries.find((e) => e.key === viewer.sourceKey) : undefined,
  );
  if (!viewer || entry?.kind !== 'source' || !entry.source.photos?.[viewer.index]) return null;
  return <PhotoViewer entry={entry} index={viewer.index} />;
}

export function PhotoViewer({ entry, index }: { entry: SourceEntry; index: number }) {
  const tr = useT();
  const locale = useLocale();
  const store = useAppStore();
  const zone = useApp((s) => s.displayZone);
  const cameraClocks = useApp((s) => s.cameraClocks);
  const photoTracks = useApp((s) => s.photoTracks);
  const entries = useApp((s) => s.entries);
  const photos = entry.source.photos!;
  const photo = photos[index]!;
  const file = entry.source.files[photo.fileIndex];
  const image = usePhotoImage(photo, file);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') store.getState().closePhoto();
      else if (event.key === 'ArrowLeft' && index > 0)
        store.getState().openPhoto(entry.key, index - 1);
      else if (event.key === 'ArrowRight' && index < photos.length - 1) {
        store.getState().openPhoto(entry.key, index + 1);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, entry.key, index, photos.length]);

  const when = (t: number) =>
    Number.isFinite(t)
      ? `${formatDateTimeWithZone(locale, t, 'UTC')}${zone !== 'UTC' ? ` · ${formatDateTimeWithZone(locale, t, zone)}` : ''}`
      : tr('photo.noTime');
  const choice = cameraClocks[cameraId(photo)];
  const effective = effectivePhotoTime(photo, choice);
  const difference =
    Number.isFinite(photo.shutterT) && Number.isFinite(photo.gpsT)
      ? photo.shutterT - photo.gpsT
      : null;
  const placement = useMemo(() => {
    if (hasOwnPosition(photo)) return null;
    const trackEntry = entries.find((e) => e.key === photoTracks[entry.key]);
    if (trackEntry?.kind !== 'source') return null;
    const p = placePhoto(photo, trackEntry.source, cameraClocks);
    return p ? { ...p, track: trackEntry.source.label } : null;
  }, [photo, entries, photoTracks, entry.key, cameraClocks]);
  const issues = entry.source.issues.filter((i) => file && i.file === file.name);
  const name = file?.name ?? tr('photo.unnamed');

  return (
    <div
      className="modal-backdrop"
      onClick={(e) => {
        if (e.target === e.currentTarget) store.getState().closePhoto();
      }}
    >
      <div
        className="photo-viewer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="photo-viewer-title"
        data-testid="photo-viewer"
        data-index={index}
      >
        <header className="photo-viewer-head">
          <h2 id="photo-viewer-title" data-testid="photo-name" title={file?.path}>
            {name}
          </h2>
          <span className="muted">
            {tr('photo.counter', { n: index + 1, count: photos.length })}
          </span>
          <div className="photo-viewer-nav">
            <button
              type="button"
              className="secondary-button"
              disabled={index === 0}
              onClick={() => store.getState().openPhoto(entry.key, index - 1)}
              aria-label={tr('photo.previous')}
            >
              ←
            </button>
            <button
              type="button"
              className="secondary-button"
              disabled={index >= photos.length - 1}
              onClick={() => store.getState().openPhoto(entry.key, index + 1)}
              aria-label={tr('photo.next')}
            >
              →
            </button>
            <button
              type="button"
              className="secondary-button"
              data-testid="photo-close"
              onClick={() => store.getState().closePhoto()}
            >
              {tr('photo.close')}
            </button>
          </div>
        </header>
        <div className="photo-viewer-body">
          <figure
            className="photo-viewer-image"
            data-testid="photo-image"
            data-state={image.status}
          >
            {image.status === 'ready' && <img src={image.url} alt={name} />}
            {image.status === 'loading' && <span className="spinner" aria-hidden="true" />}
            {image.status === 'none' && <figcaption>{image.reason}</figcaption>}
            {image.status === 'ready' && image.fromPreview && (
              <figcaption data-testid="photo-preview-note">
                {tr('photo.image.previewOnly', { container: photo.container.toUpperCase() })}
              </figcaption>
            )}
          </figure>
          <div className="photo-viewer-facts" data-testid="photo-facts">
            <h3>{tr('photo.section.file')}</h3>
            <dl className="facts">
              {file && <Fact label={tr('source.size')} value={formatFileSize(locale, file.size)} />}
              <dt>{tr('source.sha256')}</dt>
              <dd>
                <code className="photo-hash" data-testid="photo-sha256">
                  {file?.sha256 ?? '—'}
                </code>
              </dd>
              <Fact
                label={tr('photo.container')}
                value={
                  photo.width && photo.height
                    ? `${photo.container.toUpperCase()} · ${photo.width} × ${photo.height}`
                    : photo.container.toUpperCase()
                }
                testId="photo-container"
              />
            </dl>
            <h3>{tr('photo.section.time')}</h3>
            <dl className="facts">
              <Fact label={tr('photo.time')} value={when(photo.t)} testId="photo-time" />
              <Fact
                label={tr('photo.basis')}
                value={describeTimeBasis(photo, tr)}
                testId="photo-basis"
              />
              {photo.raw.subSecTimeOriginal && (
                <Fact label={tr('photo.subSec')} value={photo.raw.subSecTimeOriginal} />
              )}
              {photo.assumedZone && (
                <Fact label={tr('photo.assumedZone')} value={photo.assumedZone} />
              )}
              {photo.timeNote && (
                <Fact
                  label={tr('photo.timeNote')}
                  value={photo.timeNote}
                  testId="photo-time-note"
                />
              )}
              <Fact
                label={tr('photo.shutter')}
                value={when(photo.shutterT)}
                testId="photo-shutter"
              />
              <Fact label={tr('photo.gpsTime')} value={when(photo.gpsT)} testId="photo-gps-time" />
              {difference !== null && (
                <Fact
                  label={tr('photo.difference')}
                  value={formatSignedDuration(difference)}
                  testId="photo-difference"
                />
              )}
              {(effective.corrected || effective.t !== photo.t) && (
                <Fact
                  label={tr('photo.effectiveTime')}
                  value={`${when(effective.t)} (${tr(`photo.clock.${effective.clock}`)}${effective.corrected && choice ? `, ${formatSignedDuration(choice.correctionMs)}` : ''})`}
                  testId="photo-effective-time"
                />
              )}
            </dl>
            <h3>{tr('photo.section.position')}</h3>
            <dl className="facts">
              {hasOwnPosition(photo) ? (
                <>
                  <Fact
                    label={tr('photo.decimal')}
                    value={`${photo.lat.toFixed(7)}, ${photo.lon.toFixed(7)}`}
                    testId="photo-decimal"
                  />
                  <Fact
                    label={tr('photo.dms')}
                    value={formatDms(photo.lat, photo.lon)}
                    testId="photo-dms"
                  />
                </>
              ) : placement ? (
                <Fact
                  label={tr('photo.placed')}
                  value={tr('photo.placedValue', {
                    lat: placement.lat.toFixed(6),
                    lon: placement.lon.toFixed(6),
                    track: placement.track,
                    seconds: formatNumber(locale, placement.timeDistanceMs / 1000, 0),
                  })}
                  testId="photo-placed"
                />
              ) : (
                <Fact
                  label={tr('photo.decimal')}
                  value={tr('photo.noPosition')}
                  testId="photo-decimal"
                />
              )}
              {photo.altitudeM !== undefined && (
                <Fact
                  label={tr('photo.altitude')}
                  value={`${formatNumber(locale, photo.altitudeM, 1)} m`}
                />
              )}
              {photo.accuracyM !== undefined && (
                <Fact
                  label={tr('photo.accuracy')}
                  value={`± ${formatNumber(locale, photo.accuracyM, 1)} m`}
                  testId="photo-accuracy"
                />
              )}
              {photo.directionDeg !== undefined && (
                <Fact
                  label={tr('photo.direction')}
                  value={`${formatNumber(locale, photo.directionDeg, 1)}° ${photo.directionRef === 'M' ? tr('photo.north.magnetic') : photo.directionRef === 'T' ? tr('photo.north.true') : ''}`.trim()}
                />
              )}
            </dl>
            <h3>{tr('photo.section.camera')}</h3>
            <dl className="facts">
              <Fact label={tr('photo.make')} value={photo.make ?? '—'} testId="photo-make" />
              <Fact label={tr('photo.model')} value={photo.model ?? '—'} testId="photo-model" />
              <Fact label={tr('photo.serial')} value={photo.serial ?? '—'} testId="photo-serial" />
              <Fact label={tr('photo.software')} value={photo.software ?? '—'} />
            </dl>
            <h3>{tr('photo.section.issues')}</h3>
            {issues.length > 0 ? (
              <ul className="photo-issues" data-testid="photo-issues">
                {issues.map((issue, k) => (
                  <li key={k} className={`photo-issue severity-${issue.severity}`}>
                    <span className={`badge badge-${issue.severity}`}>
                      {tr(`severity.${issue.severity}`)}
                    </span>{' '}
                    {issue.message} <code className="muted">{issue.code}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted" data-testid="photo-issues">
                {tr('issues.none')}
              </p>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
