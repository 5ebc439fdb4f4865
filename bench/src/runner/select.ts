// Which cases a run executes: the --requirements filter (29 selects 29 and 29.x) and the
// --shard i/n split (stable: by case id, so every shard of the same suite sees the same split).

/** True when requirement `id` is selected by `filter` ('29' selects '29' and '29.6'; '29.6' only itself). */
export function requirementSelected(id: string, filter: readonly string[] | undefined): boolean {
  if (!filter || filter.length === 0) return true;
  return filter.some((f) => id === f || (!f.includes('.') && id.startsWith(f + '.')));
}

/** Parses "29,30, 14.1" into ids; throws RangeError naming the option on a malformed id. */
export function parseRequirementFilter(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!/^\d+(\.\d+)?$/.test(id)) throw new RangeError(`--requirements: "${id}" is not a requirement id like 29 or 29.6`);
  return ids;
}

export interface Shard { index: number; count: number }

/** Parses "2/4" (1-based). */
export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new RangeError(`--shard: "${text}" must look like i/n, e.g. 1/4`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new RangeError(`--shard: ${text}: need 1 <= i <= n`);
  return { index, count };
}

/** Stable 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Splits cases across shards. Cases are sorted by id and dealt round-robin, so shards are balanced
 * in count and every case lands in exactly one shard.
 */
export function inShard<T extends { id: string }>(cases: readonly T[], shard: Shard | undefined): T[] {
  if (!shard || shard.count === 1) return [...cases];
  const sorted = [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Cases that cover at least one selected requirement (a case covering 29.6 is selected by 29). */
export function selectCases<T extends { covers: readonly string[] }>(cases: readonly T[], filter: readonly string[] | undefined): T[] {
  if (!filter || filter.length === 0) return [...cases];
  return cases.filter((c) => c.covers.some((r) => requirementSelected(r, filter)));
}
