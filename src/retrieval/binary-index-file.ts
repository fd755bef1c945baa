import type { z } from 'zod';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { formatZodIssues } from '../core/zod-errors.js';

/**
 * Reading the project's two private binary formats, the lexical impact index
 * (`impact-index.ts`) and the local embedding model (`local-embedder-model.ts`). Both start with
 * a signature and a format version, then a length-prefixed JSON header, then arrays. Whatever
 * is wrong with a file — a foreign file, another version, a truncated or corrupt one, a header
 * of the wrong shape — is one clear `index_mismatch` error naming the file and saying how to
 * rebuild it, never a `RangeError` from a typed array or a header trusted with a cast.
 *
 * All integers are little-endian u32. The formats on disk are what they were before this
 * reader existed; it only checks them.
 */
export interface BinaryFormat {
  /** What the file is, in words: `lexical index`, `local embedding model`. */
  readonly name: string;
  /** The ASCII signature the file starts with. */
  readonly signature: string;
  /** The version this build reads and writes. */
  readonly version: number;
  /**
   * Where the version is: two ASCII digits right after the signature (`AMXIMP01`), or a u32
   * after it (`AMICUSLE` then 1).
   */
  readonly versionAt: 'signature-digits' | 'u32';
}

export class BinaryIndexReader {
  private offset = 0;

  constructor(
    private readonly buffer: Buffer,
    private readonly format: BinaryFormat,
    /** The file, for messages; a description when the bytes came from elsewhere. */
    private readonly source: string,
  ) {}

  get position(): number {
    return this.offset;
  }

  get length(): number {
    return this.buffer.length;
  }

  /** Throws the one error of a file this build cannot use. */
  fail(reason: string): never {
    throw new AmicusError(
      ErrorCode.IndexMismatch,
      `Not a valid ${this.format.name} file (${this.source}): ${reason}; run \`amicus ingest\` again to rebuild it`,
      { location: this.source },
    );
  }

  /** Checks the signature and the version, and moves past them. */
  readSignature(): void {
    const { signature, version, versionAt } = this.format;
    const versionBytes = versionAt === 'u32' ? 4 : 2;
    if (
      this.buffer.length < signature.length + versionBytes ||
      this.buffer.toString('latin1', 0, signature.length) !== signature
    ) {
      this.fail(`missing ${signature} header (a foreign or empty file)`);
    }
    this.offset = signature.length;
    const found =
      versionAt === 'u32'
        ? this.uint32('format version')
        : Number(this.bytes(2, 'format version').toString('latin1'));
    if (found !== version) this.fail(`format version ${found}, this build reads version ${version}`);
  }

  uint32(what: string): number {
    if (this.offset + 4 > this.buffer.length) this.fail(`truncated before ${what}`);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  /** `length` bytes from here, which must all be in the file. */
  bytes(length: number, what: string): Buffer {
    if (this.offset + length > this.buffer.length) this.fail(`${what} runs past the end of the file`);
    const bytes = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return bytes;
  }

  /** A u32 length, then that many bytes of UTF-8. */
  lengthPrefixedText(what: string): string {
    return this.bytes(this.uint32(`${what} length`), what).toString('utf8');
  }

  /** A u32 length, then a JSON header that must match `schema`. */
  header<Schema extends z.ZodType>(schema: Schema): z.output<Schema> {
    let value: unknown;
    try {
      value = JSON.parse(this.lengthPrefixedText('header'));
    } catch (error) {
      if (error instanceof AmicusError) throw error;
      return this.fail('unreadable header');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) this.fail(`unexpected header (${formatZodIssues(parsed.error)})`);
    return parsed.data;
  }

  /** Skips to the next multiple of four bytes from the start of the file. */
  align(): void {
    this.offset = Math.ceil(this.offset / 4) * 4;
  }

  /** `count` elements of `bytesPerElement` bytes, copied into a fresh, aligned buffer. */
  copy(count: number, bytesPerElement: number, what: string): ArrayBuffer {
    // A Buffer read from disk may share a pool and be unaligned; typed arrays need their own.
    const source = this.bytes(count * bytesPerElement, what);
    const copy = new ArrayBuffer(source.length);
    new Uint8Array(copy).set(source);
    return copy;
  }
}
