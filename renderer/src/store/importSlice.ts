/**
 * Imports in flight: per-file progress of each job (for the progress panel and its Cancel
 * button) and the mapping step waiting for the examiner. Progress only ever describes work;
 * sources are added to the case by sourcesSlice when a file has completed.
 */
import type { StateCreator } from 'zustand';
import type { ImportProgressEvent, TableInspection } from '../../../shared/api';
import type { TableMapping } from '../../../shared/formats/table/mapping';

export interface FileProgress {
  fileIndex: number;
  name: string;
  path: string;
  bytesRead: number;
  totalBytes: number;
  state: ImportProgressEvent['state'];
  /** For a folder of photos: files read so far and in all; bytes alone say little there. */
  filesDone?: number;
  filesTotal?: number;
}

export interface ImportJobState {
  jobId: string;
  files: FileProgress[];
  cancelling: boolean;
}

/** A table waiting for the examiner to confirm (or edit, or refuse) its mapping. */
export interface MappingPrompt {
  inspection: Extract<TableInspection, { table: true }>;
  /** Position of this table among the tables of one open, e.g. 1 of 3. */
  position: number;
  count: number;
  resolve(mapping: TableMapping | null): void;
}

export interface ImportSlice {
  jobs: ImportJobState[];
  mappingPrompt: MappingPrompt | null;
  startJob(jobId: string, paths: readonly string[]): void;
  applyProgress(event: ImportProgressEvent): void;
  markCancelling(jobId: string): void;
  endJob(jobId: string): void;
  setMappingPrompt(prompt: MappingPrompt | null): void;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export const createImportSlice: StateCreator<ImportSlice, [], [], ImportSlice> = (set) => ({
  jobs: [],
  mappingPrompt: null,
  startJob(jobId, paths) {
    const job: ImportJobState = {
      jobId,
      cancelling: false,
      files: paths.map((path, fileIndex) => ({
        fileIndex,
        path,
        name: fileName(path),
        bytesRead: 0,
        totalBytes: 0,
        state: 'queued',
      })),
    };
    set((s) => ({ jobs: [...s.jobs.filter((j) => j.jobId !== jobId), job] }));
  },
  applyProgress(event) {
    set((s) => {
      const index = s.jobs.findIndex((j) => j.jobId === event.jobId);
      // Events of a job that already ended (or another window's) change nothing.
      if (index < 0) return s;
      const job = s.jobs[index]!;
      const files = job.files.map((f) =>
        f.fileIndex === event.fileIndex
          ? {
              ...f,
              bytesRead: event.bytesRead,
              totalBytes: event.totalBytes,
              state: event.state,
              ...(event.filesTotal !== undefined
                ? { filesDone: event.filesDone ?? 0, filesTotal: event.filesTotal }
                : {}),
            }
          : f,
      );
      const jobs = [...s.jobs];
      jobs[index] = { ...job, files };
      return { jobs };
    });
  },
  markCancelling(jobId) {
    set((s) => ({ jobs: s.jobs.map((j) => (j.jobId === jobId ? { ...j, cancelling: true } : j)) }));
  },
  endJob(jobId) {
    set((s) => ({ jobs: s.jobs.filter((j) => j.jobId !== jobId) }));
  },
  setMappingPrompt(prompt) {
    set({ mappingPrompt: prompt });
  },
});
