// SQLite persistence (better-sqlite3): the ledger and each register's state, so that a restart
// of the mock keeps what registers sent, their rotated tokens and their counters.
import type BetterSqlite3 from 'better-sqlite3';
import { fromBinary, toBinary, DateTimeSchema, ZXReportSchema, ResponseSchema } from '../../protocol/index.js';
import { OfdMockError } from './errors.js';
import type { LedgerEntry, LedgerFilter } from './ledger.js';
import { lastAnswer, type RegisterState } from './registers.js';

const SCHEMAS = { 'ofd.kkm.DateTime': DateTimeSchema, 'ofd.kkm.ZXReport': ZXReportSchema, 'ofd.kkm.Response': ResponseSchema } as const;

function replacer(this: unknown, key: string, value: unknown): unknown {
  const v = (this as Record<string, unknown>)[key];
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (v instanceof Map) return { $m: [...v.entries()] };
  if (v instanceof Set) return { $s: [...v.values()] };
  if (v instanceof Uint8Array) return { $u: Buffer.from(v).toString('hex') };
  if (v && typeof v === 'object' && typeof (v as { $typeName?: unknown }).$typeName === 'string') {
    const t = (v as { $typeName: string }).$typeName as keyof typeof SCHEMAS;
    const schema = SCHEMAS[t];
    if (schema) return { $pb: t, hex: Buffer.from(toBinary(schema as never, v as never)).toString('hex') };
  }
  if (typeof v === 'function') return undefined;
  return value;
}

function reviver(_key: string, v: unknown): unknown {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$b' in o) return BigInt(o.$b as string);
    if ('$m' in o) return new Map(o.$m as [unknown, unknown][]);
    if ('$s' in o) return new Set(o.$s as unknown[]);
    if ('$u' in o) return new Uint8Array(Buffer.from(o.$u as string, 'hex'));
    if ('$pb' in o) {
      const schema = SCHEMAS[o.$pb as keyof typeof SCHEMAS];
      return fromBinary(schema as never, new Uint8Array(Buffer.from(o.hex as string, 'hex')));
    }
  }
  return v;
}

export function serializeState(st: RegisterState): string {
  // the last ticket is not persisted (CANCEL_TICKET after a restart is refused); of the reused answer buffer only the answer
  return JSON.stringify({ ...st, lastTicket: null, last: st.last && { ...st.last, answerBuf: lastAnswer(st.last) } }, replacer);
}
export function deserializeState(s: string): RegisterState { return JSON.parse(s, reviver) as RegisterState; }

interface Row {
  seq: number; at: number; kkm_id: number | null; channel: number; connection_id: number; direction: string;
  command: number | null; command_name: string; req_num: number | null; token: number | null; raw: Buffer;
  decoded: string | null; result: number | null; faults: string; violations: string; retry: number; note: string | null;
}

export class SqliteStore {
  private readonly insert: BetterSqlite3.Statement;
  private readonly upsertReg: BetterSqlite3.Statement;
  private readonly setMeta: BetterSqlite3.Statement;

  private constructor(private readonly db: BetterSqlite3.Database) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`
      CREATE TABLE IF NOT EXISTS ledger (
        seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kkm_id INTEGER, channel INTEGER NOT NULL, connection_id INTEGER NOT NULL,
        direction TEXT NOT NULL, command INTEGER, command_name TEXT NOT NULL, req_num INTEGER, token INTEGER, raw BLOB NOT NULL,
        decoded TEXT, result INTEGER, faults TEXT NOT NULL, violations TEXT NOT NULL, retry INTEGER NOT NULL, note TEXT);
      CREATE INDEX IF NOT EXISTS ledger_kkm ON ledger (kkm_id, seq);
      CREATE TABLE IF NOT EXISTS registers (kkm_id INTEGER PRIMARY KEY, state TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    this.insert = db.prepare(`INSERT INTO ledger VALUES (@seq, @at, @kkm_id, @channel, @connection_id, @direction, @command, @command_name,
      @req_num, @token, @raw, @decoded, @result, @faults, @violations, @retry, @note)`);
    this.upsertReg = db.prepare('INSERT INTO registers (kkm_id, state) VALUES (?, ?) ON CONFLICT(kkm_id) DO UPDATE SET state = excluded.state');
    this.setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  static async open(path: string): Promise<SqliteStore> {
    try {
      const mod = await import('better-sqlite3');
      const Database = (mod.default ?? mod) as unknown as typeof BetterSqlite3;
      return new SqliteStore(new Database(path));
    } catch (e) {
      throw new OfdMockError('OFDM_BAD_OPTION', `dbPath: cannot open SQLite database ${path}: ${(e as Error).message}`, { cause: e });
    }
  }

  maxSeq(): number { return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM ledger').get() as { m: number }).m; }
  count(): number { return (this.db.prepare('SELECT COUNT(*) AS c FROM ledger').get() as { c: number }).c; }

  insertEntry(e: LedgerEntry, raw: Uint8Array): void {
    this.insert.run({
      seq: e.seq, at: e.at, kkm_id: e.kkmId, channel: e.channel, connection_id: e.connectionId, direction: e.direction,
      command: e.command, command_name: e.commandName, req_num: e.reqNum, token: e.token, raw: Buffer.from(raw),
      decoded: e.decoded === null ? null : JSON.stringify(e.decoded), result: e.result, faults: JSON.stringify(e.faults),
      violations: JSON.stringify(e.violations), retry: e.retry ? 1 : 0, note: e.note,
    });
  }

  entries(f: LedgerFilter): LedgerEntry[] {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (f.kkmId !== undefined) { where.push('kkm_id = @kkmId'); args.kkmId = f.kkmId; }
    if (f.direction !== undefined) { where.push('direction = @direction'); args.direction = f.direction; }
    if (f.command !== undefined) { where.push('command = @command'); args.command = f.command; }
    if (f.channel !== undefined) { where.push('channel = @channel'); args.channel = f.channel; }
    if (f.afterSeq !== undefined) { where.push('seq > @afterSeq'); args.afterSeq = f.afterSeq; }
    if (f.from !== undefined) { where.push('at >= @from'); args.from = f.from; }
    if (f.until !== undefined) { where.push('at < @until'); args.until = f.until; }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sql = f.limit !== undefined
      ? `SELECT * FROM (SELECT * FROM ledger ${w} ORDER BY seq DESC LIMIT ${Math.max(0, Math.floor(f.limit))}) ORDER BY seq`
      : `SELECT * FROM ledger ${w} ORDER BY seq`;
    return (this.db.prepare(sql).all(args) as Row[]).map((r) => ({
      seq: r.seq, at: r.at, kkmId: r.kkm_id, channel: r.channel, connectionId: r.connection_id, direction: r.direction as LedgerEntry['direction'],
      command: r.command, commandName: r.command_name, reqNum: r.req_num, token: r.token, rawHex: r.raw.toString('hex'),
      decoded: r.decoded === null ? null : JSON.parse(r.decoded), result: r.result, faults: JSON.parse(r.faults),
      violations: JSON.parse(r.violations), retry: r.retry === 1, note: r.note,
    }));
  }

  clearEntries(): void { this.db.exec('DELETE FROM ledger'); }

  saveRegister(st: RegisterState): void { this.upsertReg.run(st.reg.kkmId, serializeState(st)); }

  loadRegisters(): RegisterState[] {
    return (this.db.prepare('SELECT state FROM registers ORDER BY kkm_id').all() as { state: string }[]).map((r) => deserializeState(r.state));
  }

  meta(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? r.value : null;
  }

  putMeta(key: string, value: string): void { this.setMeta.run(key, value); }

  close(): void { this.db.close(); }
}

