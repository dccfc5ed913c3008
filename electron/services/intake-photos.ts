/**
 * The photo part of an import job: which paths are photos (folders, and files whose first
 * bytes say photo), and their sources. Each folder becomes one `photos` source; the loose photo
 * files of the request together become one more, standing at the position of the first. Sets are
 * read one after another (each one is parallel inside) with one hash pool for the whole job.
 */
import { open, stat } from 'node:fs/promises';
import type { ImportResult } from '../../shared/api';
import type { JobProgress } from './intake-progress';
import { HashPool } from './photo-hash';
import { importPhotoFiles, importPhotoFolder, type PhotoIntakeOptions } from './photo-intake';
import { isPhotoSniff, PHOTO_SNIFF_BYTES, sniffPhoto } from './photo-sniff';
import type { FileHasher } from './photo-hash';

export type PathKind = 'evidence' | 'folder' | 'photo';

/** Anything that cannot be examined stays `evidence`: the file intake reports why it failed. */
export async function classifyPaths(paths: readonly string[]): Promise<PathKind[]> {
  return Promise.all(paths.map(classifyPath));
}

async function classifyPath(path: string): Promise<PathKind> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return 'folder';
    if (!info.isFile()) return 'evidence';
    const handle = await open(path, 'r');
    try {
      const head = new Uint8Array(PHOTO_SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return isPhotoSniff(sniffPhoto(head.subarray(0, bytesRead))) ? 'photo' : 'evidence';
    } finally {
      await handle.close();
    }
  } catch {
    return 'evidence';
  }
}

export interface PhotoJobOptions {
  signal?: AbortSignal;
  photoFallbackZone?: string;
  photoHasher?: FileHasher;
}

/** One result per folder and one for the loose photos, each with the job index it stands at. */
export async function importPhotoSets(
  paths: readonly string[],
  kinds: readonly PathKind[],
  opts: PhotoJobOptions,
  progress: JobProgress | undefined,
): Promise<{ index: number; result: ImportResult }[]> {
  const folders = paths.flatMap((_, i) => (kinds[i] === 'folder' ? [i] : []));
  const loose = paths.flatMap((_, i) => (kinds[i] === 'photo' ? [i] : []));
  if (folders.length === 0 && loose.length === 0) return [];
  const hasher = opts.photoHasher ?? new HashPool();
  const closeHasher = (): void => void hasher.close();
  if (!opts.photoHasher) opts.signal?.addEventListener('abort', closeHasher, { once: true });
  const base: PhotoIntakeOptions = {
    hasher,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.photoFallbackZone !== undefined ? { fallbackZone: opts.photoFallbackZone } : {}),
  };
  const out: { index: number; result: ImportResult }[] = [];
  const finish = (index: number, result: ImportResult): void => {
    progress?.finish(
      index,
      result.ok ? 'done' : result.code === 'import.cancelled' ? 'cancelled' : 'failed',
    );
    out.push({ index, result });
  };
  try {
    if (loose.length > 0) {
      const at = loose[0]!;
      // The group's bytes are counted on its first file; the others would count them twice.
      for (const index of loose.slice(1)) progress?.bytes(index, 0, 0);
      const result = await importPhotoFiles(
        loose.map((i) => paths[i]!),
        at,
        {
          ...base,
          onProgress: (p) => progress?.bytes(at, p.bytesDone, p.bytesTotal),
        },
      );
      for (const index of loose.slice(1)) progress?.finish(index, result.ok ? 'done' : 'failed');
      finish(at, result);
    }
    for (const index of folders) {
      progress?.bytes(index, 0, 0);
      const result = await importPhotoFolder(paths[index]!, index, {
        ...base,
        onProgress: (p) => {
          progress?.bytes(index, p.bytesDone, p.bytesTotal);
          progress?.files(index, p.filesDone, p.filesTotal);
        },
      });
      finish(index, result);
    }
  } finally {
    opts.signal?.removeEventListener('abort', closeHasher);
    if (!opts.photoHasher) await hasher.close();
  }
  return out;
}

/**
 * Puts the results back in the order of the request: the file intake's results at the positions
 * of their paths (it keeps their order), the photo sets at theirs.
 */
export function placeResults(
  paths: readonly string[],
  evidence: readonly number[],
  evidenceResults: readonly ImportResult[],
  photoResults: readonly { index: number; result: ImportResult }[],
): ImportResult[] {
  const placed: { index: number; result: ImportResult }[] = [...photoResults];
  let k = 0;
  for (const result of evidenceResults) {
    let at = k;
    while (at < evidence.length && paths[evidence[at]!] !== result.path) at += 1;
    if (at < evidence.length) {
      placed.push({ index: evidence[at]!, result });
      k = at + 1;
    } else {
      placed.push({ index: Number.MAX_SAFE_INTEGER, result });
    }
  }
  // Stable: equal positions keep the order they were added in.
  return placed.sort((a, b) => a.index - b.index).map((p) => p.result);
}
