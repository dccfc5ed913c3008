/**
 * While an import runs: one line per file with its name, the share and the bytes read of its
 * size (locale formatted), and a Cancel button per job. It disappears when the job ends.
 */
import { formatFileSize, formatNumber } from '../../../shared/i18n';
import { useLocale, useT } from '../i18n';
import type { FileProgress } from '../store/importSlice';
import { useApp } from '../store/StoreContext';

function percentOf(file: FileProgress): number {
  if (file.state === 'done') return 100;
  if (file.filesTotal !== undefined && file.filesTotal > 0)
    return Math.min(100, ((file.filesDone ?? 0) / file.filesTotal) * 100);
  if (file.totalBytes <= 0) return 0;
  return Math.min(100, (file.bytesRead / file.totalBytes) * 100);
}

export function ImportProgressPanel({ onCancel }: { onCancel: (jobId: string) => void }) {
  const tr = useT();
  const locale = useLocale();
  const jobs = useApp((s) => s.jobs);
  if (jobs.length === 0) return null;
  return (
    <section
      className="import-progress"
      data-testid="import-progress"
      aria-label={tr('progress.title')}
      aria-live="polite"
    >
      {jobs.map((job) => (
        <div
          key={job.jobId}
          className="import-job"
          data-testid="import-job"
          data-job-id={job.jobId}
        >
          <header className="import-job-head">
            <strong>{tr('progress.title')}</strong>
            <button
              type="button"
              className="secondary-button"
              data-testid="import-cancel"
              disabled={job.cancelling}
              onClick={() => onCancel(job.jobId)}
            >
              {job.cancelling ? tr('progress.cancelling') : tr('progress.cancel')}
            </button>
          </header>
          <ul className="import-files">
            {job.files.map((file) => {
              const percent = percentOf(file);
              const rounded = Math.floor(percent);
              return (
                <li
                  key={file.fileIndex}
                  className={`import-file import-${file.state}`}
                  data-testid="import-file"
                  data-state={file.state}
                  data-bytes-read={file.bytesRead}
                  data-total-bytes={file.totalBytes}
                >
                  <div className="import-file-line">
                    <span className="import-file-name" title={file.path}>
                      {file.name}
                    </span>
                    <span className="import-file-bytes" data-testid="import-file-bytes">
                      {file.state === 'queued'
                        ? tr('progress.queued')
                        : file.filesTotal !== undefined
                          ? tr('progress.files', {
                              percent: `${formatNumber(locale, rounded)} %`,
                              done: formatNumber(locale, file.filesDone ?? 0),
                              count: file.filesTotal,
                              read: formatFileSize(locale, file.bytesRead),
                            })
                          : tr('progress.bytes', {
                              percent: `${formatNumber(locale, rounded)} %`,
                              read: formatFileSize(locale, file.bytesRead),
                              total: formatFileSize(locale, file.totalBytes),
                            })}
                    </span>
                  </div>
                  <div
                    className="import-bar"
                    role="progressbar"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={rounded}
                    aria-label={file.name}
                  >
                    {/* Scaled, not resized: a width change lays out and repaints the page on
                        every frame, which without a GPU takes a core from the import itself. */}
                    <div
                      className="import-bar-fill"
                      style={{ transform: `scaleX(${(percent / 100).toFixed(4)})` }}
                    />
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
