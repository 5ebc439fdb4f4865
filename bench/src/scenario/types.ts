// Scenario files (`kkm-bench/scenario@1`, JSON Schema in scenarios/schema.json): a replayable
// script of DCP calls, operator faults and orders, clock moves and expectations.

export const SCENARIO_SCHEMA = 'kkm-bench/scenario@1' as const;

/**
 * A value matcher used by expectations: a plain JSON value means deep equality; an object with a
 * single `$`-operator key tests instead: `$exists`, `$ne`, `$gte`, `$lte`, `$gt`, `$lt`, `$regex`,
 * `$contains` (string contains / array includes), `$len` (array or string length).
 */
export type Matcher = unknown;

/** Dotted path ('document.fiscal.mode', 'channels.0.port') → matcher. */
export type MatchSpec = Record<string, Matcher>;

export interface DcpStep {
  /** the DCP method */
  dcp: string;
  /** params; strings "$password.<mode>" are replaced by the profile's password, "$ref.<name>.<path>" by a saved result */
  params?: Record<string, unknown>;
  /** expected outcome; omitted = must succeed */
  expect?: {
    /** true: must succeed (default); false: must be refused */
    ok?: boolean;
    /** the DCP domain reason of the refusal (implies ok: false) */
    reason?: string;
    /** matchers on the result (or on the error data when refused) */
    match?: MatchSpec;
  };
  /** keep the result under this name for "$ref.<name>.<path>" */
  as?: string;
  /**
   * the call waits on DUT time (e.g. for the operator's answer, up to the 5-second rule): the clock
   * is advanced in `stepMs` steps until the call settles or `maxMs` have passed
   */
  settle?: { maxMs: number; stepMs?: number };
  requirement?: string;
  note?: string;
}

export interface FaultStep {
  fault:
    | { add: { name: string; kind: string; direction: 'to-ofd' | 'to-kkm'; probability?: number; match?: Record<string, unknown>; attrs?: Record<string, unknown> } }
    | { remove: string }
    | { reset: true };
  note?: string;
}

export interface OrderStep {
  order: { suspend: { reason: string } } | { resume: true } | { notify: { text: string } } | { deregister: true };
  note?: string;
}

export interface ClockStep {
  clock: { advance: number };
  note?: string;
}

export interface ExpectStep {
  expect:
    | { state: MatchSpec }
    | { printed: MatchSpec; count?: CountSpec }
    | { display: MatchSpec; count?: CountSpec }
    | { ofd: MatchSpec; count?: CountSpec }
    | { register: MatchSpec };
  requirement?: string;
  note?: string;
}

/** `{ "check": "invariants" }`: the property-run invariants, checked at this point. */
export interface CheckStep {
  check: 'invariants';
  requirement?: string;
  note?: string;
}

export interface CountSpec { min?: number; max?: number; eq?: number }

export type ScenarioStep = DcpStep | FaultStep | OrderStep | ClockStep | ExpectStep | CheckStep;

export interface Scenario {
  $schema?: string;
  schema: typeof SCENARIO_SCHEMA;
  name: string;
  description?: string;
  /** the requirements the scenario verifies (its expectations name them, or the first is used) */
  covers: string[];
  needs?: string[];
  longRunning?: boolean;
  seed?: number;
  /** the DUT the scenario was made on (informational) */
  defects?: string[];
  steps: ScenarioStep[];
}
