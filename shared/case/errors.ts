/**
 * Why a case file could not be opened. Every failure to open is one of these codes with an
 * English message the UI can show (or translate by code); opening never changes any file.
 */
export type CaseErrorCode =
  /** No file at that path. */
  | 'case.not-found'
  /** The file exists but cannot be read (permissions, a folder, an I/O error). */
  | 'case.unreadable'
  /** Not an Itinera case file at all. */
  | 'case.foreign'
  /** An Itinera case file that ends early (an interrupted copy, a full disk). */
  | 'case.truncated'
  /** Written by a newer Itinera whose format this version does not know. */
  | 'case.newer-version'
  /** The SHA-256 in the trailer does not match the content: damaged or altered. */
  | 'case.checksum'
  /** Complete and checksummed, but its structure is not what the format says. */
  | 'case.corrupt';

export class CaseFileError extends Error {
  override name = 'CaseFileError';
  constructor(
    readonly code: CaseErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isCaseFileError(err: unknown): err is CaseFileError {
  return err instanceof CaseFileError;
}
