import { useState } from 'react';
import type { EvidenceFile } from '../../../shared/model';
import {
  formatDateTime,
  formatFileSize,
  formatNumber,
  formatZoneOffset,
} from '../../../shared/i18n';
import { useLocale, useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import type { FailedEntry, SourceEntry } from '../store/sourcesSlice';
import { IssueSummary } from './IssueList';
import { NeedsDate, SourceEvents } from './SourceEvents';
import { shortHash } from './format';

function CopyHash({ sha256 }: { sha256: string }) {
  const tr = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(sha256);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (no focus or permission): the full value stays selectable on hover.
    }
  };
  return (
    <button
      type="button"
      className="copy-button"
      title={tr('source.copyHash')}
      aria-label={tr('source.copyHash')}
      data-testid="copy-sha256"
      onClick={() => void copy()}
    >
      {copied ? tr('source.copied') : tr('source.copy')}
    </button>
  );
}

function FileFacts({ file }: { file: EvidenceFile }) {
  const tr = useT();
  const locale = useLocale();
  return (
    <>
      <dt>{tr('source.size')}</dt>
      <dd data-testid="source-size" data-bytes={file.size}>
        {formatFileSize(locale, file.size)}
      </dd>
      <dt>{tr('source.sha256')}</dt>
      <HashCell sha256={file.sha256} testId="source-sha256" />
    </>
  );
}

function FileHash({ file }: { file: EvidenceFile }) {
  return (
    <>
      <dt className="file-name">{file.name}</dt>
      <HashCell sha256={file.sha256} testId="source-extra-sha256" />
    </>
  );
}

function HashCell({ sha256, testId }: { sha256: string; testId: string }) {
  return (
    <dd className="hash-cell">
      <code data-testid={testId} data-sha256={sha256} title={sha256}>
        {shortHash(sha256)}
      </code>
      <CopyHash sha256={sha256} />
    </dd>
  );
}

function Count({ value, label, testId }: { value: number; label: string; testId: string }) {
  const locale = useLocale();
  return (
    <div className="count">
      <span className="count-value" data-testid={testId} data-value={value}>
        {formatNumber(locale, value)}
      </span>
      <span className="count-label">{label}</span>
    </div>
  );
}

function TimeCell({ t, testId }: { t: number | null; testId: string }) {
  const tr = useT();
  const locale = useLocale();
  const zone = useApp((s) => s.displayZone);
  if (t === null || !Number.isFinite(t)) {
    return <dd className="muted">{tr('source.noTime')}</dd>;
  }
  return (
    <dd className="time-cell">
      <span data-testid={`${testId}-utc`} data-epoch={t}>
        {formatDateTime(locale, t, 'UTC')} <span className="zone-label">UTC</span>
      </span>
      {zone !== 'UTC' && (
        <span data-testid={`${testId}-zoned`}>
          {formatDateTime(locale, t, zone)}{' '}
          <span className="zone-label">
            {zone} ({formatZoneOffset(t, zone)})
          </span>
        </span>
      )}
    </dd>
  );
}

/** Above this many photos the hash list is shown on request, and capped: the CLI and exhibits list them all. */
const PHOTO_FILES_LISTED = 200;

function PhotoFiles({ files }: { files: readonly EvidenceFile[] }) {
  const tr = useT();
  const [open, setOpen] = useState(false);
  const shown = open ? files.slice(0, PHOTO_FILES_LISTED) : [];
  return (
    <>
      <dt>{tr('source.files', { count: files.length })}</dt>
      <dd>
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          data-testid="photo-files-toggle"
          onClick={() => setOpen((v) => !v)}
        >
          {open ? tr('source.hideHashes') : tr('source.showHashes')}
        </button>
      </dd>
      {shown.map((f) => (
        <FileHash key={`${f.name}:${f.sha256}`} file={f} />
      ))}
      {open && files.length > shown.length && (
        <dd className="muted">{tr('source.moreFiles', { count: files.length - shown.length })}</dd>
      )}
    </>
  );
}

function PhotoCounts({ source }: { source: SourceEntry['source'] }) {
  const tr = useT();
  const photos = source.photos ?? [];
  let positioned = 0;
  for (const p of photos) if (p.lat !== undefined && p.lon !== undefined) positioned++;
  return (
    <div className="counts">
      <Count value={photos.length} label={tr('photos.total')} testId="source-photos" />
      <Count value={positioned} label={tr('photos.positioned')} testId="source-photos-positioned" />
      <Count
        value={photos.length - positioned}
        label={tr('photos.noPosition')}
        testId="source-photos-unpositioned"
      />
    </div>
  );
}

export function SourceRow({
  entry,
  onReimportWithDate,
}: {
  entry: SourceEntry;
  /** Re-reads the file with the date the examiner gave (a log that has none). */
  onReimportWithDate?: (entryKey: string, date: string) => void;
}) {
  const tr = useT();
  const { source, colour } = entry;
  const isPhotos = source.kind === 'photos';
  const [primary, ...others] = source.files;
  // A photo folder is named by its folder, not by whichever photo sorted first.
  const name = isPhotos ? source.label : (primary?.name ?? source.label);
  const format = source.formatDetail ? `${source.format} · ${source.formatDetail}` : source.format;
  return (
    <li
      className="source-row"
      data-testid="source-row"
      data-source-id={source.id}
      data-colour={colour}
      data-demo={entry.demo ? 'true' : 'false'}
    >
      <div className="source-head">
        <span
          className="swatch"
          style={{ background: colour }}
          title={tr('source.routeColour')}
          aria-label={`${tr('source.routeColour')} ${colour}`}
          data-testid="source-swatch"
        />
        <span className="source-name" data-testid="source-name" title={entry.path}>
          {name}
        </span>
      </div>
      {source.label && source.label !== name && <div className="source-label">{source.label}</div>}
      <dl className="facts">
        <dt>{tr('source.format')}</dt>
        <dd data-testid="source-format">{format}</dd>
        {isPhotos ? <PhotoFiles files={source.files} /> : primary && <FileFacts file={primary} />}
        {!isPhotos && others.length > 0 && (
          <>
            <dt>{tr('source.files', { count: source.files.length })}</dt>
            <dd className="muted">{others.map((f) => f.name).join(', ')}</dd>
            {others.map((f) => (
              // Every file of a merged source keeps its own hash: each is evidence on its own.
              <FileHash key={`${f.name}:${f.sha256}`} file={f} />
            ))}
          </>
        )}
      </dl>
      {isPhotos ? (
        <PhotoCounts source={source} />
      ) : (
        <div className="counts">
          <Count value={source.stats.points} label={tr('source.points')} testId="source-points" />
          <Count value={source.stats.tracks} label={tr('source.tracks')} testId="source-tracks" />
          <Count
            value={source.stats.waypoints}
            label={tr('source.waypoints')}
            testId="source-waypoints"
          />
        </div>
      )}
      <dl className="facts times">
        <dt>{tr('source.first')}</dt>
        <TimeCell t={source.stats.first} testId="source-first" />
        <dt>{tr('source.last')}</dt>
        <TimeCell t={source.stats.last} testId="source-last" />
      </dl>
      <SourceEvents source={source} />
      <NeedsDate
        source={source}
        onSubmit={onReimportWithDate ? (date) => onReimportWithDate(entry.key, date) : undefined}
      />
      <IssueSummary issues={source.issues} />
    </li>
  );
}

export function FailedRow({ entry }: { entry: FailedEntry }) {
  const tr = useT();
  return (
    <li className="source-row failed-row" data-testid="import-error-row" role="alert">
      <div className="source-head">
        <span className="swatch swatch-error" aria-hidden="true">
          !
        </span>
        <span className="source-name" data-testid="import-error-name" title={entry.path}>
          {entry.name}
        </span>
      </div>
      <div className="failed-title">{tr('import.failed')}</div>
      <div className="failed-message" data-testid="import-error-message">
        {entry.message}
      </div>
      <div className="failed-code muted" data-testid="import-error-code">
        {tr('import.failedCode', { code: entry.code })}
      </div>
    </li>
  );
}
