// Writes a run's directory: report.json, junit.xml, report.html, trace.jsonl.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceRecorder } from '../trace/recorder.js';
import { reportToHtml } from './html.js';
import { reportToJson } from './json.js';
import { reportToJunit } from './junit.js';
import type { RunReport, TraceEvent } from './types.js';

export const REPORT_FILES = { json: 'report.json', junit: 'junit.xml', html: 'report.html', trace: 'trace.jsonl' } as const;

/** Writes the four files into `dir` (created); returns `dir`. */
export function writeReportDir(dir: string, report: RunReport, trace: Pick<TraceRecorder, 'toJsonl' | 'events'>, texts?: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  const jsonl = trace.toJsonl();
  writeFileSync(join(dir, REPORT_FILES.trace), jsonl);
  report.trace = { file: REPORT_FILES.trace, events: trace.events().length, sha256: createHash('sha256').update(jsonl).digest('hex') };
  writeFileSync(join(dir, REPORT_FILES.json), reportToJson(report));
  writeFileSync(join(dir, REPORT_FILES.junit), reportToJunit(report));
  writeFileSync(join(dir, REPORT_FILES.html), reportToHtml(report, { trace: trace.events() as readonly TraceEvent[], texts }));
  return dir;
}
