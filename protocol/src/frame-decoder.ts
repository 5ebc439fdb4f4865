// Splits a TCP byte stream into frames: partial reads are buffered, coalesced reads give several
// frames. It only frames (header checks + exact SIZE); decoding the payload is decode*Frame's job.
import { issue, type Issue } from './errors.js';
import { checkRawHeader, DEFAULT_MAX_FRAME_SIZE, HEADER_SIZE, readRawHeader, resolveMaxSize, type FrameHeader, type RawHeader } from './header.js';

export interface FrameDecoderOptions {
  /** largest acceptable SIZE (total frame length) @defaultValue 1 MiB */
  maxSize?: number;
}

export const FRAME_DECODER_DEFAULTS = { maxSize: DEFAULT_MAX_FRAME_SIZE } as const;

export type FrameChunkResult =
  | { ok: true; header: FrameHeader; payload: Uint8Array; raw: Uint8Array }
  /** fatal: the stream cannot be resynchronised (close the connection). `rawHeader` when 18 bytes were read. */
  | { ok: false; issues: Issue[]; fatal: boolean; rawHeader?: RawHeader };

export class FrameDecoder {
  readonly maxSize: number;
  private head = new Uint8Array(HEADER_SIZE);
  private headFill = 0;
  private frame: Uint8Array | null = null;
  private frameFill = 0;
  private pendingHeader: RawHeader | null = null;
  private pendingIssues: Issue[] = [];
  private dead = false;

  constructor(opts: FrameDecoderOptions = {}) {
    this.maxSize = resolveMaxSize(opts.maxSize ?? FRAME_DECODER_DEFAULTS.maxSize);
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.frame ? this.frameFill : this.headFill;
  }

  /** True after a fatal issue: every later byte is ignored. */
  get failed(): boolean {
    return this.dead;
  }

  /**
   * Feeds bytes; returns the frames (and rejections) they complete, in order. A frame that lies
   * whole inside `chunk` is returned as a view of it (no copy): don't reuse the chunk's memory.
   */
  push(chunk: Uint8Array): FrameChunkResult[] {
    const out: FrameChunkResult[] = [];
    let pos = 0;
    while (pos < chunk.length && !this.dead) {
      if (!this.frame) {
        // Fast path: a whole frame sits in the chunk and nothing is buffered.
        if (this.headFill === 0 && chunk.length - pos >= HEADER_SIZE) {
          const h = readRawHeader(chunk, pos)!;
          if (!this.startFrame(h, out)) break;
          if (chunk.length - pos >= h.size) {
            const raw = chunk.subarray(pos, pos + h.size);
            pos += h.size;
            this.finish(raw, out);
            continue;
          }
          this.frame = new Uint8Array(h.size);
          this.frame.set(chunk.subarray(pos));
          this.frameFill = chunk.length - pos;
          pos = chunk.length;
          break;
        }
        const take = Math.min(HEADER_SIZE - this.headFill, chunk.length - pos);
        this.head.set(chunk.subarray(pos, pos + take), this.headFill);
        this.headFill += take;
        pos += take;
        if (this.headFill < HEADER_SIZE) break;
        const h = readRawHeader(this.head)!;
        if (!this.startFrame(h, out)) break;
        this.frame = new Uint8Array(h.size);
        this.frame.set(this.head);
        this.frameFill = HEADER_SIZE;
        this.headFill = 0;
        if (this.frameFill === this.frame.length) { this.finish(this.frame, out); continue; }
      }
      const frame = this.frame!;
      const take = Math.min(frame.length - this.frameFill, chunk.length - pos);
      frame.set(chunk.subarray(pos, pos + take), this.frameFill);
      this.frameFill += take;
      pos += take;
      if (this.frameFill === frame.length) this.finish(frame, out);
    }
    return out;
  }

  /** Call when the stream ends: reports a frame cut short (PROTO_TRUNCATED), if any. */
  end(): FrameChunkResult[] {
    if (this.dead || this.buffered === 0) return [];
    const have = this.buffered;
    const want = this.frame ? this.frame.length : HEADER_SIZE;
    const rawHeader = this.pendingHeader ?? undefined;
    this.reset();
    this.dead = true;
    return [{ ok: false, fatal: true, issues: [issue('PROTO_TRUNCATED', '$', `stream ended after ${have} of ${want} bytes`)], ...(rawHeader ? { rawHeader } : {}) }];
  }

  private reset(): void {
    this.frame = null;
    this.frameFill = 0;
    this.headFill = 0;
    this.pendingHeader = null;
    this.pendingIssues = [];
  }

  /** Checks a header; fatal problems end the stream. Returns false when nothing more can be read. */
  private startFrame(h: RawHeader, out: FrameChunkResult[]): boolean {
    const issues = checkRawHeader(h, this.maxSize);
    const fatal = issues.some((i) => i.code !== 'PROTO_UNSUPPORTED_VERSION');
    if (fatal) {
      out.push({ ok: false, fatal: true, issues, rawHeader: h });
      this.reset();
      this.dead = true;
      return false;
    }
    // An unsupported version still has a trustworthy SIZE: read the frame, then reject it.
    this.pendingHeader = h;
    this.pendingIssues = issues;
    return true;
  }

  private finish(raw: Uint8Array, out: FrameChunkResult[]): void {
    const h = this.pendingHeader!;
    const issues = this.pendingIssues;
    this.reset();
    if (issues.length) out.push({ ok: false, fatal: false, issues, rawHeader: h });
    else out.push({ ok: true, header: h as FrameHeader, payload: raw.subarray(HEADER_SIZE), raw });
  }
}
