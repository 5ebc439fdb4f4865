// Verdict aggregation: from case results (and the lab's profile, attestations and expected
// failures) to one verdict per requirement and sub-item of the catalogue.
//
// Rules (bench/README.md, "Verdicts"):
// - not_applicable: the catalogue says so, or the device profile's `notApplicable` names the id
//   (or its parent), with the reason;
// - manual: the catalogue says a person must check it; an attestation fills it with pass/fail;
// - automatic: every case that covers the id (or whose checks name it) contributes:
//   a failing check on the id → fail; an errored case → error; a case not run → not_run (with the
//   missing capability); a failed case that stopped before checking the id → fail ("not reached");
//   a passing case → pass, but only if some check actually named the id (never pass for what was
//   not exercised: otherwise error "not exercised"). Worst wins: fail > error > not_run > pass.
//   A parent takes the worst of its own cases' outcome and its sub-items' verdicts (a parent
//   without cases of its own: the worst of its sub-items); it never passes while a sub-item does not.
// - expected failures: a failing id the lab declared keeps `fail` with `expectedFailure`; one that
//   passes gets `unexpectedPass` and fails the run.
import type { Requirement } from '../catalogue/types.js';
import type { CaseResult, Check, Evidence, RunTotals, Verdict, VerdictRow, RequirementId } from '../report/types.js';
import { requirementSelected } from './select.js';

export interface Attestation { verdict: 'pass' | 'fail'; by?: string; at?: string; note?: string }

export interface AggregateInput {
  catalogue: readonly Pick<Requirement, 'id' | 'parent' | 'verification' | 'condition' | 'how' | 'attestation'>[];
  cases: readonly CaseResult[];
  /** --requirements filter: rows outside it are not emitted */
  requirements?: readonly string[];
  /** from the device profile: id → reason */
  notApplicable?: Readonly<Record<string, string>>;
  attestations?: Readonly<Record<string, Attestation>>;
  /** id → the lab's reason */
  expectedFailures?: Readonly<Record<string, string>>;
  /** reason given to automatic ids that no case of this run covers (e.g. "in another shard") */
  uncoveredReason?: string;
}

type Contribution = { verdict: Exclude<Verdict, 'manual' | 'not_applicable'>; caseId: string; reason?: string; evidence: Evidence[] };

const SEVERITY: Record<Contribution['verdict'], number> = { fail: 4, error: 3, not_run: 2, pass: 1 };
const MAX_EVIDENCE = 8;

function checkEvidence(c: Check, caseId: string): Evidence[] {
  const head: Evidence = { kind: 'note', summary: `${caseId}: ${c.ok ? 'ok' : 'FAILED'}: ${c.message}`, traceSeq: c.traceSeq, at: c.at };
  return [head, ...c.evidence];
}

function contributions(id: string, cases: readonly CaseResult[]): Contribution[] {
  const out: Contribution[] = [];
  for (const c of cases) {
    const named = c.checks.filter((k) => k.requirement === id);
    if (!c.covers.includes(id as RequirementId) && named.length === 0) continue;
    if (c.status === 'not_run') {
      out.push({ verdict: 'not_run', caseId: c.id, reason: c.reason ?? 'not run', evidence: [] });
    } else if (c.status === 'error') {
      out.push({ verdict: 'error', caseId: c.id, reason: c.reason ?? 'bench error', evidence: [{ kind: 'note', summary: `${c.id}: error: ${c.reason ?? ''}` }, ...c.evidence.slice(0, 3)] });
    } else {
      const failedHere = named.filter((k) => !k.ok);
      const failedAny = c.checks.filter((k) => !k.ok);
      if (failedHere.length > 0) {
        out.push({ verdict: 'fail', caseId: c.id, reason: failedHere[0]!.message, evidence: failedHere.flatMap((k) => checkEvidence(k, c.id)) });
      } else if (c.status === 'fail' && (failedAny.length === 0 || named.length === 0)) {
        const why = failedAny.length ? `case failed on ${failedAny[0]!.requirement} before checking ${id}: ${failedAny[0]!.message}` : c.reason ?? 'case failed';
        out.push({ verdict: 'fail', caseId: c.id, reason: why, evidence: [{ kind: 'note', summary: `${c.id}: ${why}` }, ...failedAny.slice(0, 1).flatMap((k) => checkEvidence(k, c.id))] });
      } else if (named.length > 0) {
        out.push({ verdict: 'pass', caseId: c.id, evidence: named.slice(0, 2).flatMap((k) => checkEvidence(k, c.id)) });
      } else {
        out.push({ verdict: 'error', caseId: c.id, reason: `not exercised: ${c.id} passed but made no check on ${id}`, evidence: [] });
      }
    }
  }
  return out;
}

function notApplicableReason(id: string, parent: string | undefined, na: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!na) return undefined;
  return na[id] ?? (parent ? na[parent] : undefined);
}

const isAutomaticVerdict = (v: Verdict): v is Contribution['verdict'] => v === 'pass' || v === 'fail' || v === 'error' || v === 'not_run';

/**
 * A parent's verdict with its sub-items': the worst of its own cases' outcome (if it has cases of
 * its own) and of its sub-items' verdicts (automatic ones, and attested manual ones) — a parent
 * never shows `pass` while a sub-item fails, errs or was not run. Manual (unattested) and
 * not-applicable sub-items do not count, nor (for a parent with cases of its own) sub-items no case
 * of this run covered. Own-case rules stay: a parent with cases of its own
 * that never named it in a check is `error` ("not exercised") whatever its sub-items say.
 */
function withSubItems(own: VerdictRow, kids: readonly VerdictRow[]): VerdictRow {
  const auto = kids.filter((k) => isAutomaticVerdict(k.verdict));
  if (auto.length === 0) return own;
  const worstKid = auto.reduce((a, b) => (SEVERITY[b.verdict as Contribution['verdict']] > SEVERITY[a.verdict as Contribution['verdict']] ? b : a));
  const fromKids: VerdictRow = {
    requirement: own.requirement,
    verdict: worstKid.verdict,
    cases: [...new Set(auto.flatMap((k) => k.cases))],
    evidence: [{ kind: 'note', summary: `from sub-items: ${auto.map((k) => `${k.requirement}=${k.verdict}`).join(', ')}` }],
    ...(worstKid.verdict === 'pass' ? {} : { reason: `sub-item ${worstKid.requirement}: ${worstKid.reason ?? worstKid.verdict}` }),
  };
  if (own.cases.length === 0) return fromKids;
  // a parent with cases of its own: sub-items no case of this run covered (another shard, a
  // narrower selection) keep their own not_run row and do not pull the parent down
  const ran = auto.filter((k) => k.cases.length > 0);
  if (ran.length === 0) return own;
  return withOwnCases(own, ran);
}

function withOwnCases(own: VerdictRow, auto: readonly VerdictRow[]): VerdictRow {
  const worstKid = auto.reduce((a, b) => (SEVERITY[b.verdict as Contribution['verdict']] > SEVERITY[a.verdict as Contribution['verdict']] ? b : a));
  const fromKids = { cases: [...new Set(auto.flatMap((k) => k.cases))], evidence: [{ kind: 'note', summary: `sub-items: ${auto.map((k) => `${k.requirement}=${k.verdict}`).join(', ')}` } as Evidence] };
  const ownVerdict = own.verdict as Contribution['verdict'];
  const cases = [...new Set([...own.cases, ...fromKids.cases])];
  if (SEVERITY[worstKid.verdict as Contribution['verdict']] <= SEVERITY[ownVerdict]) {
    // its own cases decide (worse or as bad); the sub-items are listed in the evidence
    return { ...own, cases, evidence: [...own.evidence.slice(0, MAX_EVIDENCE - 1), ...fromKids.evidence] };
  }
  const kidsBad = auto.filter((k) => k.verdict === worstKid.verdict);
  return {
    requirement: own.requirement,
    verdict: worstKid.verdict,
    cases,
    evidence: [...fromKids.evidence, ...kidsBad.flatMap((k) => k.evidence), ...own.evidence].slice(0, MAX_EVIDENCE),
    reason: kidsBad.map((k) => `sub-item ${k.requirement}: ${k.reason ?? k.verdict}`).join('; ') + (own.verdict === 'pass' ? ' (its own cases passed)' : `; own cases: ${own.reason ?? own.verdict}`),
  };
}

/** One verdict row per catalogue id (in catalogue order), filtered by `requirements`. */
export function aggregateVerdicts(input: AggregateInput): VerdictRow[] {
  const byId = new Map<string, VerdictRow>();
  const rows: VerdictRow[] = [];
  const children = new Map<string, string[]>();
  for (const r of input.catalogue) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.id]);

  const automaticRow = (r: AggregateInput['catalogue'][number]): VerdictRow => {
    const contrib = contributions(r.id, input.cases);
    if (contrib.length === 0) {
      return { requirement: r.id, verdict: 'not_run', cases: [], evidence: [], reason: input.uncoveredReason ?? 'no test case of this run covers it' };
    }
    const worst = contrib.reduce((a, b) => (SEVERITY[b.verdict] > SEVERITY[a.verdict] ? b : a));
    const same = contrib.filter((c) => c.verdict === worst.verdict);
    const reason = worst.verdict === 'pass' ? undefined : [...new Set(same.map((c) => c.reason ?? ''))].filter(Boolean).join('; ');
    return {
      requirement: r.id,
      verdict: worst.verdict,
      cases: [...new Set(contrib.map((c) => c.caseId))],
      evidence: same.flatMap((c) => c.evidence).slice(0, MAX_EVIDENCE),
      ...(reason ? { reason } : {}),
    };
  };

  // children first, so a parent without its own cases can take the worst of them
  const ordered = [...input.catalogue].sort((a, b) => (a.parent ? 0 : 1) - (b.parent ? 0 : 1));
  for (const r of ordered) {
    const na = notApplicableReason(r.id, r.parent, input.notApplicable);
    let row: VerdictRow;
    if (na !== undefined) {
      row = { requirement: r.id, verdict: 'not_applicable', cases: [], evidence: [], reason: na };
    } else if (r.verification === 'not_applicable') {
      row = { requirement: r.id, verdict: 'not_applicable', cases: [], evidence: [], reason: r.condition ?? r.how };
    } else if (r.verification === 'manual') {
      const att = input.attestations?.[r.attestation ?? r.id] ?? input.attestations?.[r.id];
      row = att
        ? { requirement: r.id, verdict: att.verdict, cases: [], evidence: [{ kind: 'note', summary: `attested ${att.verdict}${att.by ? ` by ${att.by}` : ''}${att.at ? ` on ${att.at}` : ''}${att.note ? `: ${att.note}` : ''}` }], attestation: att }
        : { requirement: r.id, verdict: 'manual', cases: [], evidence: [], reason: r.how };
    } else {
      row = automaticRow(r);
      const kids = (children.get(r.id) ?? []).map((k) => byId.get(k)).filter((k): k is VerdictRow => !!k);
      row = withSubItems(row, kids);
      const expected = input.expectedFailures?.[r.id];
      if (expected !== undefined) {
        row.expectedFailure = expected;
        if (row.verdict === 'pass') row.unexpectedPass = true;
      }
    }
    byId.set(r.id, row);
  }
  for (const r of input.catalogue) {
    if (!requirementSelected(r.id, input.requirements)) continue;
    rows.push(byId.get(r.id)!);
  }
  return rows;
}

export function computeTotals(rows: readonly VerdictRow[], cases: readonly CaseResult[]): RunTotals {
  const n = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  const c = (s: CaseResult['status']) => cases.filter((x) => x.status === s).length;
  return {
    subItems: rows.length,
    pass: n('pass'),
    fail: n('fail'),
    error: n('error'),
    manual: n('manual'),
    notApplicable: n('not_applicable'),
    notRun: n('not_run'),
    cases: cases.length,
    casesPassed: c('pass'),
    casesFailed: c('fail'),
    casesError: c('error'),
    casesNotRun: c('not_run'),
  };
}

export interface RunOutcome {
  /** 0: every automatic verdict passed (expected failures allowed); 1: otherwise */
  exitCode: 0 | 1;
  failing: string[];
  unexpectedPasses: string[];
  notRun: string[];
}

/** Exit decision of a run: fail/error/unexpected pass → 1; not_run → 1 only under `strict`. */
export function runOutcome(rows: readonly VerdictRow[], strict = false): RunOutcome {
  const failing = rows.filter((r) => (r.verdict === 'fail' && r.expectedFailure === undefined) || r.verdict === 'error').map((r) => r.requirement);
  const unexpectedPasses = rows.filter((r) => r.unexpectedPass).map((r) => r.requirement);
  const notRun = rows.filter((r) => r.verdict === 'not_run').map((r) => r.requirement);
  const bad = failing.length > 0 || unexpectedPasses.length > 0 || (strict && notRun.length > 0);
  return { exitCode: bad ? 1 : 0, failing, unexpectedPasses, notRun };
}
