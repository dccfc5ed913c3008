/**
 * `itinera` command line: the same intake and derivation code as the app, for scripts, tests
 * and examiners who want to check a file without opening the app.
 */
import { pathToFileURL } from 'node:url';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from './command';
import { caseCommands } from './commands/case';
import { exhibitCommand } from './commands/exhibit';
import { exportCommand } from './commands/export';
import { inspectCommand } from './commands/inspect';
import { mappingCommand } from './commands/mapping';
import { timelineCommand } from './commands/timeline';

/** Every subcommand; multi-word names (e.g. `exhibit verify`) match on their leading words. */
export const COMMANDS: readonly Command[] = [
  inspectCommand,
  mappingCommand,
  timelineCommand,
  ...caseCommands,
  exhibitCommand,
  exportCommand,
];

export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.join(' ').length));
  const list = COMMANDS.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: itinera <command> [options]\n\nCommands:\n${list}\n\nRun \`itinera <command> --help\` for a command's options.`;
}

export function findCommand(args: string[]): { command: Command; rest: string[] } | undefined {
  const sorted = [...COMMANDS].sort((a, b) => b.name.length - a.name.length);
  for (const command of sorted) {
    if (command.name.every((word, i) => args[i] === word))
      return { command, rest: args.slice(command.name.length) };
  }
  return undefined;
}

export async function runCli(args: string[], io: CliIo): Promise<number> {
  const first = args[0];
  if (first === undefined) {
    io.stderr.write(`itinera: no command given\n\n${mainUsage()}\n`);
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${mainUsage()}\n`);
    return EXIT_OK;
  }
  const found = findCommand(args);
  if (!found) {
    io.stderr.write(`itinera: unknown command '${first}'\n\n${mainUsage()}\n`);
    return EXIT_USAGE;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`itinera ${err.message}\n\n${err.usage}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntryPoint) {
  // An EPIPE (e.g. `| head`) is the reader going away, not a failure of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw err;
  });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `itinera: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
