// The requirement catalogue: every requirement and sub-item of section 10 of the reference,
// Russian text verbatim, English rendering, and how the bench verifies it.
import { SOURCE_TEXT } from './source-text.js';
import { REQUIREMENT_META } from './requirements.js';
import type { Requirement, RequirementId } from './types.js';

function build(): Requirement[] {
  const out: Requirement[] = [];
  for (const s of SOURCE_TEXT) {
    const meta = REQUIREMENT_META[s.id];
    if (!meta) throw new Error(`catalogue: no verification entry for requirement ${s.id}`);
    const dot = s.id.indexOf('.');
    const r: Requirement = { id: s.id, section: s.section, textRu: s.textRu, textEn: meta.textEn, verification: meta.verification, how: meta.how };
    if (dot > 0) r.parent = s.id.slice(0, dot) as RequirementId;
    if (meta.condition) r.condition = meta.condition;
    if (meta.verification === 'manual') r.attestation = s.id;
    out.push(r);
  }
  return out;
}

/** Every requirement and sub-item, in the order of the reference. */
export const CATALOGUE: readonly Requirement[] = Object.freeze(build());

const BY_ID = new Map<string, Requirement>(CATALOGUE.map((r) => [r.id, r]));

export function isRequirementId(s: string): s is RequirementId {
  return BY_ID.has(s);
}

export function getRequirement(id: string): Requirement | undefined {
  return BY_ID.get(id);
}

/** The sub-items of a requirement ('29' → 29.1 … 29.7), empty for a leaf. */
export function subItems(id: RequirementId): Requirement[] {
  return CATALOGUE.filter((r) => r.parent === id);
}

/**
 * Selects requirements by a list like ['29', '30.1']: a top-level id selects itself and its
 * sub-items. Unknown ids are returned in `unknown`.
 */
export function selectRequirements(ids: readonly string[]): { selected: Requirement[]; unknown: string[] } {
  const want = new Set<string>();
  const unknown: string[] = [];
  for (const id of ids) {
    if (!BY_ID.has(id)) { unknown.push(id); continue; }
    want.add(id);
    for (const r of CATALOGUE) if (r.parent === id) want.add(r.id);
  }
  return { selected: CATALOGUE.filter((r) => want.has(r.id)), unknown };
}

/** The catalogue with `cases` filled from a case list (ids of the cases that cover each requirement). */
export function linkCases(cases: readonly { id: string; covers: readonly string[] }[]): Requirement[] {
  return CATALOGUE.map((r) => {
    if (r.verification !== 'automatic') return { ...r };
    return { ...r, cases: cases.filter((c) => c.covers.includes(r.id)).map((c) => c.id) };
  });
}
