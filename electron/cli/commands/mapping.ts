/**
 * `itinera mapping <file> [--json]`: the table mapping the intake would propose for a CSV/TSV
 * file or an XLSX workbook — dialect, column roles, time zone — with its confidence and the
 * notes that explain it, exactly as the app's mapping step shows it before the examiner confirms
 * or edits it.
 */
import { parseArgs } from 'node:util';
import { inspectTable } from '../../services/intake-table';
import { EXIT_OK, EXIT_SOME_FAILED, UsageError, type CliIo, type Command } from '../command';

const USAGE = `Usage: itinera mapping <file> [--json]

Detects how a table (CSV, TSV, semicolon CSV, or the first sheet of an XLSX workbook) maps
onto the evidence model: delimiter, decimal comma, header, encoding (text tables only), the
role of each column and the zone of naive times. The file is read read-only; only its head
is used (an XLSX workbook is streamed until its first rows are resolved).

Options:
  --json      print {path, format, confidence, mapping, notes} as JSON
              (format is "table" for CSV/TSV, "xlsx" for a workbook)
  -h, --help  show this help

Exit status: 0 a mapping was detected, 1 the file is not a table (or unreadable), 2 usage error.`;

export const mappingCommand: Command = {
  name: ['mapping'],
  summary: 'print the detected table mapping of a CSV/TSV or XLSX file',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (err) {
      throw new UsageError(`mapping: ${err instanceof Error ? err.message : String(err)}`, USAGE);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0 ? 'mapping: no file given' : 'mapping: give exactly one file',
        USAGE,
      );
    const path = positionals[0]!;
    const inspection = await inspectTable(path);
    if (!inspection.table) {
      if (values.json) {
        io.stdout.write(
          `${JSON.stringify({ path, format: inspection.format, error: inspection.message })}\n`,
        );
      } else io.stderr.write(`itinera mapping: ${inspection.message}\n`);
      return EXIT_SOME_FAILED;
    }
    const { mapping, confidence, notes } = inspection;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ path, format: inspection.format, confidence, mapping, notes }, null, 2)}\n`,
      );
      return EXIT_OK;
    }
    const d = mapping.dialect;
    const dialect =
      inspection.format === 'xlsx'
        ? `worksheet 1, ${d.header ? 'header row' : 'no header'}, ${d.decimalComma ? 'decimal comma in text cells' : 'decimal point'}, skip ${d.skipRows}`
        : `delimiter ${d.delimiter === '\t' ? 'TAB' : JSON.stringify(d.delimiter)}, ${d.header ? 'header row' : 'no header'}, ${d.decimalComma ? 'decimal comma' : 'decimal point'}, skip ${d.skipRows}, encoding ${d.encoding ?? 'detect'}`;
    const lines = [
      `${path}`,
      `  format      ${inspection.format} (${mapping.kind})${mapping.preset ? `, preset ${mapping.preset}` : ''}`,
      `  confidence  ${confidence}`,
      `  dialect     ${dialect}`,
      `  time zone   ${mapping.timeZone ?? '(none: naive times flagged as read as UTC)'}`,
      '  columns',
      ...mapping.columns.map(
        (c) =>
          `    ${String(c.index).padStart(3)}  ${c.role.padEnd(14)} ${c.header ?? ''}${c.format ? `  [${c.format}]` : ''}`,
      ),
      '  notes',
      ...notes.map((n) => `    - ${n}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
