/** What every `itinera` subcommand provides, so new ones (e.g. `exhibit verify`) plug in. */
import type { Writable } from 'node:stream';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

export interface Command {
  /** Words after `itinera`, e.g. `['inspect']` or `['exhibit', 'verify']`. */
  name: string[];
  summary: string;
  usage: string;
  /** Resolves to the process exit code. Throws UsageError for bad arguments. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Bad command line: reported with the usage text and exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_USAGE = 2;
