// junit.xml: one <testcase> per requirement / sub-item, for CI. fail → <failure>, error → <error>,
// manual / not_applicable / not_run → <skipped> with the verdict as a property; pass → plain.
// An expected failure is skipped (property expected-failure); an unexpected pass is a <failure>.
import type { RunReport, VerdictRow } from './types.js';

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // characters XML 1.0 cannot carry at all
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function props(row: VerdictRow): string {
  const p: [string, string][] = [['verdict', row.verdict]];
  if (row.cases.length) p.push(['cases', row.cases.join(' ')]);
  if (row.reason) p.push(['reason', row.reason]);
  if (row.expectedFailure !== undefined) p.push(['expected-failure', row.expectedFailure]);
  if (row.unexpectedPass) p.push(['unexpected-pass', 'true']);
  return `      <properties>\n${p.map(([k, v]) => `        <property name="${escapeXml(k)}" value="${escapeXml(v)}"/>`).join('\n')}\n      </properties>\n`;
}

function evidenceText(row: VerdictRow): string {
  return row.evidence.map((e) => `- ${e.summary}${e.traceSeq !== undefined ? ` (trace #${e.traceSeq})` : ''}`).join('\n');
}

export function reportToJunit(report: RunReport): string {
  const rows = report.requirements;
  const failures = rows.filter((r) => (r.verdict === 'fail' && r.expectedFailure === undefined) || r.unexpectedPass).length;
  const errors = rows.filter((r) => r.verdict === 'error').length;
  const skipped = rows.filter((r) => r.verdict === 'manual' || r.verdict === 'not_applicable' || r.verdict === 'not_run' || (r.verdict === 'fail' && r.expectedFailure !== undefined)).length;
  const seconds = (report.cases.reduce((a, c) => a + c.durationMs, 0) / 1000).toFixed(3);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<testsuites name="kkm-bench" tests="${rows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds}">`);
  out.push(`  <testsuite name="kkm-bench ${escapeXml(report.dut.vendor)} ${escapeXml(report.dut.model)}" tests="${rows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds}" timestamp="${escapeXml(report.startedAt)}">`);
  out.push(`    <properties><property name="runId" value="${escapeXml(report.runId)}"/><property name="seed" value="${report.seed}"/><property name="firmware" value="${escapeXml(report.dut.firmware)}"/></properties>`);
  for (const row of rows) {
    const caseTime = report.cases.filter((c) => row.cases.includes(c.id)).reduce((a, c) => a + c.durationMs, 0) / 1000;
    const name = `req ${row.requirement}`;
    out.push(`    <testcase classname="kkm.req${row.requirement.split('.')[0]}" name="${escapeXml(name)}" time="${caseTime.toFixed(3)}">`);
    let body = props(row);
    const msg = escapeXml(row.reason ?? row.verdict);
    if (row.unexpectedPass) {
      body += `      <failure message="unexpected pass (declared expected failure: ${escapeXml(row.expectedFailure ?? '')})" type="unexpected_pass"/>\n`;
    } else if (row.verdict === 'fail' && row.expectedFailure !== undefined) {
      body += `      <skipped message="expected failure: ${escapeXml(row.expectedFailure)}"/>\n`;
    } else if (row.verdict === 'fail') {
      body += `      <failure message="${msg}" type="fail">${escapeXml(evidenceText(row))}</failure>\n`;
    } else if (row.verdict === 'error') {
      body += `      <error message="${msg}" type="error">${escapeXml(evidenceText(row))}</error>\n`;
    } else if (row.verdict !== 'pass') {
      body += `      <skipped message="${escapeXml(row.verdict)}${row.reason ? `: ${msg}` : ''}"/>\n`;
    }
    out.push(body + '    </testcase>');
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
