// Reads section 10 of the reference (seeds/001_…txt) into the verbatim source texts of the
// catalogue. `source-text.ts` is this function's output; regenerate with
//   node --import tsx bench/src/catalogue/generate.ts <reference.txt> > bench/src/catalogue/source-text.ts
import type { RequirementId } from './types.js';
import type { SourceText } from './source-text.js';

/** Every numbered item of section 10 with its continuation lines, and the heading it sits under. */
export function parseSection10(text: string): SourceText[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('# 10.'));
  if (start < 0) throw new Error('section 10 not found');
  let section = '';
  let sub = '';
  let cur: { id: string; section: string; lines: string[] } | null = null;
  const out: { id: string; section: string; lines: string[] }[] = [];
  for (const l of lines.slice(start + 1)) {
    let m: RegExpExecArray | null;
    if (/^# /.test(l)) break;
    if ((m = /^## (.*)$/.exec(l))) { section = m[1]!.trim(); sub = ''; continue; }
    if ((m = /^### (.*)$/.exec(l))) { sub = m[1]!.trim(); continue; }
    if ((m = /^- \*\*(\d+(?:\.\d+)?)\.*\*\* ?(.*)$/.exec(l))) {
      cur = { id: m[1]!, section: sub ? `${section} / ${sub}` : section, lines: [m[2]!] };
      out.push(cur);
      continue;
    }
    if ((m = /^- \*\*([^*]+)\*\*\s*$/.exec(l))) { sub = m[1]!.trim(); cur = null; continue; }
    if ((m = /^ {2}- (.*)$/.exec(l)) && cur) { cur.lines.push(m[1]!); continue; }
  }
  return out.map((o) => ({ id: o.id as RequirementId, section: o.section, textRu: o.lines.join('\n') }));
}

/** The TypeScript source of source-text.ts for `items`. */
export function renderSourceText(items: readonly SourceText[]): string {
  let s = '// GENERATED from section 10 of the reference (seeds/001_f655891c577f8e43.txt), verbatim; do not edit by hand.\n';
  s += '// Continuation lines of an item are joined with "\\n".\nimport type { RequirementId } from \'./types.js\';\n\n';
  s += 'export interface SourceText { id: RequirementId; section: string; textRu: string }\n\nexport const SOURCE_TEXT: readonly SourceText[] = [\n';
  for (const o of items) s += `  { id: ${JSON.stringify(o.id)}, section: ${JSON.stringify(o.section)}, textRu: ${JSON.stringify(o.textRu)} },\n`;
  return `${s}];\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: generate.ts <reference.txt>\n');
    process.exit(2);
  }
  process.stdout.write(renderSourceText(parseSection10(readFileSync(file, 'utf8'))));
}
