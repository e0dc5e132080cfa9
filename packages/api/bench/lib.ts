import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The checkout's root: benchmarks keep their server under `.data/bench` and results in `bench/`. */
export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const RESULTS_FILE = path.join(ROOT, 'bench', 'RESULTS.md');

/** Type-7 quantile of already sorted values (the same rule as the domain's `quantile`). */
function sortedQuantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

export interface Timings {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  n: number;
}

export function summarize(samples: readonly number[]): Timings {
  const sorted = samples.toSorted((x, y) => x - y);
  return {
    p50: sortedQuantile(sorted, 0.5),
    p95: sortedQuantile(sorted, 0.95),
    p99: sortedQuantile(sorted, 0.99),
    mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length),
    n: sorted.length,
  };
}

/** Milliseconds `fn` took. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function machine(): { lines: string[] } {
  const cpus = os.cpus();
  return {
    lines: [
      `- date: ${new Date().toISOString()}`,
      `- machine: ${os.type()} ${os.release()} ${os.arch()}, nproc ${os.availableParallelism()} (${cpus[0]?.model.trim() ?? 'unknown cpu'})`,
      `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
      `- node: ${process.version}`,
    ],
  };
}

/** A Markdown table from a header row and rows of cells, padded as Prettier would pad it. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) =>
    Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Replaces (or appends) one benchmark's section of bench/RESULTS.md: from its `## ` heading to
 * the next `## ` heading. Other benchmarks' sections are left as they are.
 */
export async function writeResultsSection(heading: string, body: string): Promise<void> {
  const title = `## ${heading}`;
  const current = existsSync(RESULTS_FILE)
    ? await readFile(RESULTS_FILE, 'utf8')
    : '# Benchmark results\n\nThe latest run of each benchmark (`pnpm bench`), with the machine it ran on.\nTargets are in ARCHITECTURE.md (Benchmarks); figures that matter are ratios measured in the same run.\n';
  const section = `${title}\n\n${body.trim()}\n`;
  const start = current.indexOf(`${title}\n`);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = current.indexOf('\n## ', start + title.length);
    next =
      current.slice(0, start) + section + (after === -1 ? '' : `\n${current.slice(after + 1)}`);
  }
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, next.endsWith('\n') ? next : `${next}\n`);
}
