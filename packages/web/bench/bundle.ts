/**
 * B5: initial JavaScript of the login and learner pages, gzip-compressed. The initial set is
 * what index.html loads before any lazy route: the entry script and its module preloads.
 * Baseline for the ratio: the budget of 150 KB from quality.md. Recorded in bench/RESULTS.md.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { machine, table, writeResultsSection } from '@credence/api/bench';

const BUDGET_KB = 150;
const dist = path.resolve(import.meta.dirname, '../dist');
const html = await readFile(path.join(dist, 'index.html'), 'utf8');
const initial = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((m) => m[1] ?? '');

let total = 0;
const rows: string[][] = [];
for (const file of new Set(initial)) {
  const gz = gzipSync(await readFile(path.join(dist, file))).length;
  total += gz;
  rows.push([`\`${file}\``, (gz / 1024).toFixed(1)]);
}
const kb = total / 1024;
rows.push(['**total**', `**${kb.toFixed(1)}**`]);
const verdict = `Budget ${BUDGET_KB} KB: ${kb <= BUDGET_KB ? 'met' : '**NOT met**'} (${(kb / BUDGET_KB).toFixed(2)} of the budget). Staff and admin pages load on demand and are not counted.`;
const body = [
  ...machine().lines,
  '',
  table(['initial JavaScript (login and learner pages)', 'KB gzip'], rows),
  '',
  verdict,
].join('\n');
console.log(`\nB5 — web bundle\n\n${body}\n`);
await writeResultsSection('B5 — web bundle', body);
if (kb > BUDGET_KB) process.exitCode = 1;
