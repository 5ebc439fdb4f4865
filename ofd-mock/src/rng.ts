// Seeded pseudo-random numbers (splitmix32-style mulberry32). Deterministic for a given seed, so
// fiscal signs, tokens, jitter and probabilistic faults repeat exactly between runs.

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [min, max] */
  int(min: number, max: number): number;
  /** a non-zero uint32 */
  uint32(): number;
  /** a child generator with its own stream (for one fault, one register…) */
  fork(label: string): Rng;
}

function hashLabel(s: string): number {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export function createRng(seed: number): Rng {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    uint32: () => {
      for (;;) {
        const v = Math.floor(next() * 4294967296) >>> 0;
        if (v !== 0) return v;
      }
    },
    fork: (label) => createRng(((seed >>> 0) ^ hashLabel(label)) >>> 0),
  };
}
