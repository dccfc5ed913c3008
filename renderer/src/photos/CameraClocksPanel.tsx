/**
 * Per camera: how its clock compares with GPS time, Itinera's suggested correction when the
 * disagreement is consistent, and the examiner's correction and choice of time to trust.
 * The choices live in the store (`cameraClocks`), where the timeline reads them.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Photo } from '../../../shared/model';
import {
  DEFAULT_CAMERA_CLOCK,
  summarizeCameras,
  type CameraSummary,
} from '../../../shared/photos/cameras';
import { formatSignedDuration, parseSignedDuration } from '../../../shared/photos/format';
import type { CameraClockChoice } from '../../../shared/timeline/types';
import { useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { photoSources } from './photoGeoJson';

const TRUSTS: readonly CameraClockChoice['trust'][] = ['auto', 'shutter', 'gps'];

export function CameraClocksPanel() {
  const tr = useT();
  const entries = useApp((s) => s.entries);
  const cameras = useMemo(() => {
    const all: Photo[] = [];
    for (const entry of photoSources(entries)) all.push(...entry.source.photos!);
    return summarizeCameras(all);
  }, [entries]);
  if (cameras.length === 0) return null;
  return (
    <section className="camera-clocks" data-testid="camera-clocks">
      <h3>{tr('cameras.title')}</h3>
      <p className="hint">{tr('cameras.hint')}</p>
      <ul className="camera-list">
        {cameras.map((camera) => (
          <CameraRow key={camera.id} camera={camera} />
        ))}
      </ul>
    </section>
  );
}

export function cameraName(camera: Pick<CameraSummary, 'make' | 'model' | 'serial'>): string {
  const model =
    camera.make && camera.model?.toLowerCase().startsWith(camera.make.toLowerCase())
      ? camera.model
      : [camera.make, camera.model].filter(Boolean).join(' ');
  return [model, camera.serial ? `#${camera.serial}` : ''].filter(Boolean).join(' ');
}

function CameraRow({ camera }: { camera: CameraSummary }) {
  const tr = useT();
  const store = useAppStore();
  const choice = useApp((s) => s.cameraClocks[camera.id]) ?? DEFAULT_CAMERA_CLOCK;
  const [text, setText] = useState(() => formatSignedDuration(choice.correctionMs));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText(formatSignedDuration(choice.correctionMs));
    setInvalid(false);
  }, [choice.correctionMs]);

  const apply = (next: Partial<CameraClockChoice>) =>
    store.getState().setCameraClock(camera.id, { ...choice, ...next });
  const commit = () => {
    const ms = parseSignedDuration(text);
    if (ms === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    apply({ correctionMs: ms });
  };
  const name = cameraName(camera) || tr('cameras.unknown');
  return (
    <li className="camera-row" data-testid="camera-row" data-camera-id={camera.id}>
      <div className="camera-name">{name}</div>
      <div className="camera-stats muted">
        {tr('cameras.photos', { count: camera.count })}
        {' · '}
        {tr('cameras.withBoth', { count: camera.withBothTimes })}
        {camera.medianDifferenceMs !== null && (
          <>
            {' · '}
            <span data-testid="camera-median">
              {tr('cameras.median', {
                value: formatSignedDuration(camera.medianDifferenceMs),
                spread: formatSignedDuration(camera.spreadMs ?? 0).slice(1),
              })}
            </span>
          </>
        )}
        {camera.disagreeing > 0 && (
          <>
            {' · '}
            <span className="warning-text">
              {tr('cameras.disagreeing', { count: camera.disagreeing })}
            </span>
          </>
        )}
      </div>
      {camera.suggestedCorrectionMs !== undefined && (
        <div className="camera-suggestion" data-testid="camera-suggestion">
          <span>
            {tr('cameras.suggestion', {
              value: formatSignedDuration(camera.suggestedCorrectionMs),
            })}
          </span>
          <button
            type="button"
            className="secondary-button"
            data-testid="camera-apply"
            disabled={choice.correctionMs === camera.suggestedCorrectionMs}
            onClick={() => apply({ correctionMs: camera.suggestedCorrectionMs! })}
          >
            {tr('cameras.apply')}
          </button>
        </div>
      )}
      <div className="camera-controls">
        <label>
          <span>{tr('cameras.correction')}</span>
          <input
            type="text"
            value={text}
            data-testid="camera-correction"
            aria-invalid={invalid}
            placeholder="+0:00:00"
            onChange={(e) => setText(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
            }}
          />
        </label>
        <label>
          <span>{tr('cameras.trust')}</span>
          <select
            value={choice.trust}
            data-testid="camera-trust"
            onChange={(e) => apply({ trust: e.target.value as CameraClockChoice['trust'] })}
          >
            {TRUSTS.map((trust) => (
              <option key={trust} value={trust}>
                {tr(`cameras.trust.${trust}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {invalid && (
        <div className="camera-invalid" role="alert">
          {tr('cameras.invalid')}
        </div>
      )}
    </li>
  );
}
