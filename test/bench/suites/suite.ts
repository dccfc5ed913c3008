/** A benchmark suite: measures something and returns rows for the report. Suites report; they never gate. */
export interface BenchOptions {
  /** Points in generated inputs. */
  points: number;
  /** Runs per measured command; the fastest is reported. */
  repeat: number;
  repoRoot: string;
}

export interface BenchRow {
  suite: string;
  subject: string;
  wallMs: number | null;
  maxRssBytes: number | null;
  note?: string;
}

export interface BenchReport {
  rows: BenchRow[];
  /** Free-form lines printed after the table (ratios, targets, skips). */
  notes: string[];
}

export interface BenchSuite {
  name: string;
  description: string;
  run(opts: BenchOptions): Promise<BenchReport>;
}
