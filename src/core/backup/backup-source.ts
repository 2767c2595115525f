/**
 * The byte source of backup-reader.ts: a file handle read in order, counting where it is.
 */
import type { FileHandle } from 'node:fs/promises';

/** The least read at a time (the header, lengths and manifest come in a few reads). */
const MIN_READ = 64 << 10;

/**
 * Reads from a file handle, counting where it is: small reads buffered (header, lengths,
 * manifest), records straight into the caller's buffer (`takeInto`).
 */
export class Source {
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  consumed = 0;

  constructor(private readonly handle: FileHandle) {}

  /** Exactly n bytes, or null if the file ends first. */
  async take(n: number): Promise<Buffer | null> {
    while (this.buffer.length < n) {
      const more = await this.read(Math.max(MIN_READ, n - this.buffer.length));
      if (more.length === 0) return null;
      this.buffer = this.buffer.length > 0 ? Buffer.concat([this.buffer, more]) : more;
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    this.consumed += n;
    return out;
  }

  /**
   * Up to n bytes into `dest` (fewer only at the end of the file): what is already buffered, then
   * straight from the file, with no copy in between.
   */
  async takeInto(dest: Buffer, n: number): Promise<number> {
    const have = Math.min(n, this.buffer.length);
    this.buffer.copy(dest, 0, 0, have);
    this.buffer = this.buffer.subarray(have);
    let got = have;
    while (got < n) {
      const { bytesRead } = await this.handle.read(dest, got, n - got, this.position);
      if (bytesRead === 0) break;
      got += bytesRead;
      this.position += bytesRead;
    }
    this.consumed += got;
    return got;
  }

  /** Passes over n bytes without reading them. */
  skip(n: number): void {
    const past = Math.min(n, this.buffer.length);
    this.buffer = this.buffer.subarray(past);
    this.position += n - past;
    this.consumed += n;
  }

  /** The file's size, for the pool to judge whether a second thread is worth it. */
  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  async atEnd(): Promise<boolean> {
    return (await this.take(1)) === null;
  }

  /** Up to n bytes from where the last read ended (fewer only at the end of the file). */
  private async read(n: number): Promise<Buffer> {
    const block = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.handle.read(block, got, n - got, this.position);
      if (bytesRead === 0) break;
      got += bytesRead;
      this.position += bytesRead;
    }
    return block.subarray(0, got);
  }
}
