/** Formatting: a plain-text table for the terminal and a Markdown table for BENCHMARKS.md. */
import type { Row } from './measure.js';

export function fmt(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

function rate(r: Row): string {
  return r.throughput === undefined ? '' : r.throughput >= 100 ? r.throughput.toFixed(0) : r.throughput.toFixed(1);
}

const HEAD = ['Operation', 'n', 'median ms', 'p95 ms', 'CPU ms/op', 'ops/s'];

function cells(r: Row): string[] {
  return [
    r.name + (r.note ? ` (${r.note})` : ''),
    String(r.n),
    fmt(r.median),
    fmt(r.p95),
    r.cpu === undefined ? '' : fmt(r.cpu),
    rate(r),
  ];
}

function sections(rows: readonly Row[]): [string, Row[]][] {
  const out = new Map<string, Row[]>();
  for (const r of rows) out.set(r.section, [...(out.get(r.section) ?? []), r]);
  return [...out];
}

export function textTable(rows: readonly Row[]): string {
  const all = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...all.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const out: string[] = [line(HEAD), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const [section, list] of sections(rows)) {
    out.push(`${section}`);
    for (const r of list) out.push(line(cells({ ...r, name: `  ${r.name}` })));
  }
  return out.join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const out = [`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const [section, list] of sections(rows)) {
    out.push(`| **${section}** | | | | | |`);
    for (const r of list)
      out.push(
        `| ${cells(r)
          .map((c) => c.replace(/\|/g, '\\|'))
          .join(' | ')} |`,
      );
  }
  return out.join('\n');
}
