// A small report with one row of every verdict, for the writer tests.
import type { RunReport } from '../../src/report/types.js';

export function sampleReport(): RunReport {
  const ev = { kind: 'note', summary: 'receipt №3 <printed> & "signed"', traceSeq: 4 };
  return {
    schema: 'kkm-bench/report@1', runId: 'r1', startedAt: '2026-11-22T14:00:00.000Z', seed: 1, options: {},
    dut: { vendor: 'Ref', model: 'E1', firmware: '1.0', capabilities: ['virtual-clock'], clock: 'virtual' },
    requirements: [
      { requirement: '5', verdict: 'pass', cases: ['c1'], evidence: [ev], textEn: 'online in one cycle' },
      { requirement: '14', verdict: 'fail', cases: ['c2'], evidence: [ev], reason: 'sale accepted after 24 h' },
      { requirement: '16', verdict: 'error', cases: ['c3'], evidence: [], reason: 'BENCH_DCP_CLOSED' },
      { requirement: '37', verdict: 'manual', cases: [], evidence: [], reason: 'documentation' },
      { requirement: '19', verdict: 'not_applicable', cases: [], evidence: [], reason: 'post-2015' },
      { requirement: '2.3', verdict: 'not_run', cases: ['c4'], evidence: [], reason: 'missing capability: tamper' },
      { requirement: '29.6', verdict: 'fail', cases: ['c5'], evidence: [], reason: 'x', expectedFailure: 'vendor bug 7' },
      { requirement: '29.1', verdict: 'pass', cases: ['c6'], evidence: [], expectedFailure: 'was broken', unexpectedPass: true },
    ],
    cases: [
      { id: 'c1', covers: ['5'], status: 'pass', checks: [{ requirement: '5', ok: true, message: 'ok', evidence: [] }], evidence: [], traceSlice: { from: 1, to: 3 }, durationMs: 5 },
      { id: 'c2', covers: ['14'], status: 'fail', checks: [{ requirement: '14', ok: false, message: 'accepted <sale>', evidence: [], traceSeq: 5 }], evidence: [], traceSlice: { from: 4, to: 6 }, durationMs: 7 },
    ],
    coverage: { states: { covered: 9, total: 10 }, transitions: { covered: 20, total: 25 }, requirements: { covered: 18, total: 20 }, uncovered: ['state blocked'] },
    totals: { subItems: 8, pass: 2, fail: 2, error: 1, manual: 1, notApplicable: 1, notRun: 1, cases: 2, casesPassed: 1, casesFailed: 1, casesError: 0, casesNotRun: 0 },
  };
}

export const sampleTrace = [1, 2, 3, 4, 5, 6].map((seq) => ({ v: 1 as const, seq, t: 1000 + seq, kind: seq === 5 ? 'check' : 'dcp.request', method: 'receipt.create', rawHex: seq === 4 ? '81a2ff' : undefined }));
