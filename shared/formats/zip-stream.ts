/**
 * Streaming ZIP reading on top of fflate's `Unzip`: the archive's bytes go in as they are read,
 * each entry's decompressed bytes come out to a sink the caller chooses per entry, in archive
 * order. Nothing holds the whole archive or a whole entry. Used for KMZ (and usable for XLSX).
 *
 * Entries nobody wants are still decompressed and discarded, because fflate would otherwise keep
 * their compressed bytes in memory. Damage never throws: it ends the entry being read with an
 * error and stops the archive there, keeping every entry already passed on.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

export interface ZipEntryInfo {
  /** Path inside the archive, e.g. `doc.kml` or `files/photo.jpg`. */
  name: string;
  /** PKZIP method: 0 stored, 8 deflate; others are not supported. */
  compression: number;
  /** Sizes from the local header; absent for archives written as a stream. */
  compressedSize?: number;
  size?: number;
}

export interface ZipEntrySink {
  push(chunk: Uint8Array): void;
  /** End of the entry; `error` says why it ended early (damaged data, truncated archive…). */
  end(error?: string): void;
}

export interface ZipStreamSummary {
  /** False when the bytes do not start like a ZIP archive (nothing was read). */
  isZip: boolean;
  entries: number;
  /** Problems with the archive itself (not with an entry's content), in order. */
  problems: { code: string; message: string; entry?: string }[];
}

export interface ZipEntryStream {
  push(chunk: Uint8Array): void;
  finish(): ZipStreamSummary;
}

const LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06];

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return sig.every((v, i) => b[i] === v);
}

/** True when `head` starts with a ZIP local file header (`PK\x03\x04`). */
export function isZipHead(head: Uint8Array): boolean {
  return head.length >= 4 && startsWith(head, LOCAL_HEADER);
}

/**
 * `onEntry` is called for each entry as its header is read; return a sink to receive its bytes,
 * or null to skip it.
 */
export function createZipEntryStream(
  onEntry: (entry: ZipEntryInfo) => ZipEntrySink | null,
): ZipEntryStream {
  const summary: ZipStreamSummary = { isZip: true, entries: 0, problems: [] };
  let head = new Uint8Array(0);
  let decided = false;
  let stopped = false;
  let open: { name: string; sink: ZipEntrySink } | null = null;

  const endOpen = (error?: string): void => {
    const o = open;
    open = null;
    if (o === null) return;
    try {
      o.sink.end(error);
    } catch {
      // A sink must not break the archive; its own reader reports its problems.
    }
  };

  const unzip = new Unzip((file: UnzipFile) => {
    if (stopped) return;
    if (open !== null) endOpen('the entry ended before its data was complete');
    summary.entries++;
    const info: ZipEntryInfo = { name: file.name, compression: file.compression };
    if (file.size !== undefined) info.compressedSize = file.size;
    if (file.originalSize !== undefined) info.size = file.originalSize;
    const sink = onEntry(info);
    if (sink === null) {
      file.ondata = () => {};
    } else {
      const entry = { name: file.name, sink };
      open = entry;
      file.ondata = (err, data, final) => {
        if (open !== entry) return;
        if (err) {
          endOpen(err.message);
          return;
        }
        if (data.length > 0) sink.push(data);
        if (final) endOpen();
      };
    }
    if (file.compression !== 0 && file.compression !== 8) {
      summary.problems.push({
        code: 'zip.unsupported-compression',
        message: `Entry "${file.name}" uses compression method ${file.compression}, which cannot be read`,
        entry: file.name,
      });
      if (open?.name === file.name) endOpen(`unsupported compression method ${file.compression}`);
      return;
    }
    try {
      file.start();
    } catch (e) {
      summary.problems.push({
        code: 'zip.entry-unreadable',
        message: `Entry "${file.name}" cannot be read (${String(e).slice(0, 120)})`,
        entry: file.name,
      });
      endOpen(String(e));
    }
  });
  unzip.register(UnzipInflate);

  const fail = (e: unknown): void => {
    stopped = true;
    const name = open?.name;
    const problem: ZipStreamSummary['problems'][number] = {
      code: 'zip.damaged',
      message: `The archive is damaged${name ? ` in entry "${name}"` : ''} (${String(e).slice(0, 120)}); entries read before it are kept`,
    };
    if (name !== undefined) problem.entry = name;
    summary.problems.push(problem);
    endOpen('the archive is damaged here');
  };

  const feed = (chunk: Uint8Array, final: boolean): void => {
    if (stopped) return;
    try {
      unzip.push(chunk, final);
    } catch (e) {
      fail(e);
    }
  };

  return {
    push(chunk: Uint8Array): void {
      if (stopped) return;
      if (!decided) {
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        if (joined.length < 4) {
          head = joined;
          return;
        }
        decided = true;
        head = new Uint8Array(0);
        if (!startsWith(joined, LOCAL_HEADER)) {
          // An archive with no entries at all is still a ZIP archive; anything else is not.
          summary.isZip = startsWith(joined, EMPTY_ARCHIVE);
          stopped = true;
          return;
        }
        feed(joined, false);
        return;
      }
      feed(chunk, false);
    },
    finish(): ZipStreamSummary {
      if (!decided) summary.isZip = false;
      else if (!stopped) {
        try {
          unzip.push(new Uint8Array(0), true);
        } catch {
          // fflate throws at the end of input inside an entry: that is truncation, said below.
          if (open === null) fail(new Error('the archive ends unexpectedly'));
        }
      }
      if (open !== null) {
        const name = open.name;
        summary.problems.push({
          code: 'zip.truncated',
          message: `The archive ends inside entry "${name}": it is truncated; what was read of it is kept`,
          entry: name,
        });
        endOpen('the archive is truncated');
      }
      stopped = true;
      return summary;
    },
  };
}
