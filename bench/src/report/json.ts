// report.json: the RunReport as documented JSON (schema `kkm-bench/report@1`, bench/README.md).
import type { RunReport } from './types.js';
import { canonicalJson } from '../trace/jsonl.js';

export const REPORT_SCHEMA = 'kkm-bench/report@1' as const;

/** Pretty JSON text of a report (bigint → string, bytes → hex), newline-terminated. */
export function reportToJson(report: RunReport): string {
  return JSON.stringify(JSON.parse(canonicalJson(report)), null, 2) + '\n';
}

/** Parses report.json text; throws TypeError when it is not a `kkm-bench/report@1`. */
export function parseReport(text: string): RunReport {
  const r = JSON.parse(text) as Partial<RunReport>;
  if (!r || r.schema !== REPORT_SCHEMA) throw new TypeError(`not a ${REPORT_SCHEMA} report (schema: ${String(r?.schema)})`);
  if (!Array.isArray(r.requirements) || !Array.isArray(r.cases)) throw new TypeError('report: requirements and cases must be arrays');
  return r as RunReport;
}
