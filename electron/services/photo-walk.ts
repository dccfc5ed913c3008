/**
 * Lists every file under an evidence folder, recursively, in a stable order (code-point order
 * of names, depth first) so the same folder always gives the same source.
 *
 * Hidden files and folders are included: on a seized device they are evidence like any other
 * (`.thumbnails`, `.trashed-…` hold photos), and whatever is not a photo is listed as an issue
 * anyway. Symbolic links to files are followed; links to folders are not (that is how loops and
 * walks out of the evidence tree happen), and each one is reported.
 */
import { lstat, opendir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ImportIssue } from '../../shared/model';

export interface WalkedFile {
  path: string;
  /** Relative to the walked folder, `/`-separated: the file's name in the source. */
  rel: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: WalkedFile[];
  issues: ImportIssue[];
}

/** Stops early (returning what it found) when `signal` is aborted. */
export async function walkFolder(root: string, signal?: AbortSignal): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const issues: ImportIssue[] = [];
  const relName = (path: string): string => relative(root, path).split(sep).join('/');
  const issue = (path: string, code: string, message: string): void => {
    issues.push({ file: relName(path), severity: 'warning', code, message });
  };

  async function visit(dir: string): Promise<void> {
    let names: { name: string; kind: 'file' | 'dir' | 'link' | 'other' }[];
    try {
      names = [];
      for await (const entry of await opendir(dir)) {
        const kind = entry.isFile()
          ? 'file'
          : entry.isDirectory()
            ? 'dir'
            : entry.isSymbolicLink()
              ? 'link'
              : 'other';
        names.push({ name: entry.name, kind });
      }
    } catch (err) {
      issue(dir, 'photos.folder.unreadable', `folder could not be listed: ${errorCode(err)}`);
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, kind } of names) {
      if (signal?.aborted) return;
      const path = join(dir, name);
      if (kind === 'dir') {
        await visit(path);
        continue;
      }
      if (kind === 'other') {
        issue(path, 'photos.not-a-file', 'not a regular file (device, pipe or socket): skipped');
        continue;
      }
      try {
        // A link is judged by what it points to; lstat keeps the time of a plain file exact.
        const info = kind === 'link' ? await stat(path) : await lstat(path);
        if (info.isDirectory()) {
          issue(path, 'photos.link.folder', 'symbolic link to a folder: not followed');
          continue;
        }
        if (!info.isFile()) {
          issue(path, 'photos.not-a-file', 'not a regular file (device, pipe or socket): skipped');
          continue;
        }
        files.push({ path, rel: relName(path), size: info.size, mtimeMs: info.mtimeMs });
      } catch (err) {
        const code = kind === 'link' ? 'photos.link.broken' : 'photos.file.unreadable';
        issue(
          path,
          code,
          `${kind === 'link' ? 'broken symbolic link' : 'cannot be read'}: ${errorCode(err)}`,
        );
      }
    }
  }

  await visit(root);
  return { files, issues };
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code ?? (err instanceof Error ? err.message : String(err));
}
