// The requirement catalogue's data structure. A requirement id is written the same way from the
// catalogue, through test case ids and `covers`, to the report: '14', '29.6'.

/** '14' or '29.6' — a requirement or sub-item of section 10 of the reference. */
export type RequirementId = `${number}` | `${number}.${number}`;

/** How a requirement is verified by the bench. */
export type Verification = 'automatic' | 'manual' | 'not_applicable';

export interface Requirement {
  id: RequirementId;
  /** the parent requirement for a sub-item ('29' for '29.6'), absent for a top-level one */
  parent?: RequirementId;
  /** the section heading of the reference the requirement sits under */
  section: string;
  /** the original Russian text, verbatim from the reference (with its continuation lines) */
  textRu: string;
  /** an English rendering */
  textEn: string;
  verification: Verification;
  /**
   * automatic: what the cases do and observe; manual: what a person must check and attest;
   * not_applicable: why.
   */
  how: string;
  /** automatic: the ids of the test cases that verify it (filled from the case list) */
  cases?: string[];
  /** not_applicable (or conditionally applicable): the condition under which it does not apply */
  condition?: string;
  /** manual: the attestation key a lab fills (defaults to the id) */
  attestation?: string;
}
