/**
 * A payment export as the importer reads it (issue 14, Safety: files up to 200 MB stream without
 * being loaded whole): the user's file by path, read in chunks each time a pass needs it, or
 * bytes already in memory (tests, small inputs). A reader may pass over the file more than once
 * (detection reads its head, the Alipay reader finds refunds' originals first); every complete
 * pass computes the file's SHA-256 as it goes, and a pass that reads other bytes than the first
 * one did is E_CONFLICT: the file changed under the import, and nothing of it is imported.
 *
 * Spreadsheets (xlsx is a zip, xls a compound file) need random access to the whole file: they
 * are read into memory, and so are held to the lower SHEET_MAX_BYTES.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { inputError, LedgerVaultError } from '../errors';

/** The largest file an import reads (issue 14, Safety): beyond it, E_INPUT before any parsing. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;
/** The largest spreadsheet: it is read whole (a zip's directory is at its end), unpacked by ExcelJS. */
export const SHEET_MAX_BYTES = 30 * 1024 * 1024;
/** One read: at least encoding.ts's DETECT_BYTES, so the first chunk decides the encoding. */
export const CHUNK_BYTES = 1024 * 1024;

export interface ImportFile {
  /** The file's size in bytes when it was opened. */
  readonly size: number;
  /** The file from its start, chunk by chunk; a complete pass checks the file's SHA-256 (see above). */
  chunks(): Generator<Uint8Array, void, undefined>;
  /** The first `n` bytes (or fewer). */
  head(n: number): Uint8Array;
  /** The whole file in memory: spreadsheets only, up to SHEET_MAX_BYTES. */
  whole(): Uint8Array;
  /** SHA-256 (hex) of the bytes the first complete pass read; undefined before one. */
  readonly sha256: string | undefined;
}

export const fileChanged = () =>
  new LedgerVaultError('E_CONFLICT', 'The file changed while it was being imported; nothing was imported.', {
    messageKey: 'import.fileChanged',
  });

abstract class Passes implements ImportFile {
  sha256: string | undefined;
  abstract readonly size: number;
  protected abstract read(): Generator<Uint8Array, void, undefined>;
  abstract head(n: number): Uint8Array;

  *chunks(): Generator<Uint8Array, void, undefined> {
    const hash = createHash('sha256');
    for (const chunk of this.read()) {
      hash.update(chunk);
      yield chunk;
    }
    const sha = hash.digest('hex');
    if (this.sha256 === undefined) this.sha256 = sha;
    else if (sha !== this.sha256) throw fileChanged();
  }

  whole(): Uint8Array {
    if (this.size > SHEET_MAX_BYTES) throw inputError('import.sheetTooLarge', { max: SHEET_MAX_BYTES / 1024 / 1024 });
    const parts = [...this.chunks()];
    return parts.length === 1 ? parts[0]! : new Uint8Array(Buffer.concat(parts));
  }
}

class BytesFile extends Passes {
  constructor(private readonly bytes: Uint8Array) {
    super();
  }
  get size() {
    return this.bytes.byteLength;
  }
  protected *read() {
    for (let at = 0; at < this.bytes.byteLength || at === 0; at += CHUNK_BYTES) {
      yield this.bytes.subarray(at, at + CHUNK_BYTES);
      if (this.bytes.byteLength === 0) return;
    }
  }
  head(n: number) {
    return this.bytes.subarray(0, n);
  }
}

class PathFile extends Passes {
  readonly size: number;
  constructor(private readonly file: string) {
    super();
    this.size = withFd(file, (fd) => {
      const st = fstatSync(fd);
      if (!st.isFile()) throw inputError('file.notReadable', { name: path.basename(file) });
      return st.size;
    });
    if (this.size > IMPORT_MAX_BYTES) throw inputError('import.tooLarge', { max: IMPORT_MAX_BYTES / 1024 / 1024 });
  }
  protected *read() {
    const fd = open(this.file);
    try {
      let total = 0;
      for (;;) {
        // A fresh buffer per chunk: the decoder and the hash may still hold the previous one.
        const buf = Buffer.allocUnsafe(CHUNK_BYTES);
        const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
        if (n === 0) break;
        total += n;
        // Grown past the limit since it was opened (a log still being written): refused as too large.
        if (total > IMPORT_MAX_BYTES) throw inputError('import.tooLarge', { max: IMPORT_MAX_BYTES / 1024 / 1024 });
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  }
  head(n: number) {
    return withFd(this.file, (fd) => {
      const buf = Buffer.alloc(Math.min(n, Math.max(this.size, 0)));
      let done = 0;
      while (done < buf.length) {
        const k = readSync(fd, buf, done, buf.length - done, done);
        if (k === 0) break;
        done += k;
      }
      return buf.subarray(0, done);
    });
  }
}

function open(file: string): number {
  try {
    return openSync(file, 'r');
  } catch {
    throw inputError('file.notReadable', { name: path.basename(file) });
  }
}

function withFd<T>(file: string, fn: (fd: number) => T): T {
  const fd = open(file);
  try {
    return fn(fd);
  } finally {
    closeSync(fd);
  }
}

/** Bytes in memory as an import file (refused above IMPORT_MAX_BYTES by the caller's input check). */
export const bytesFile = (bytes: Uint8Array): ImportFile => new BytesFile(bytes);

/** The user's file by path: opened to learn its size (E_INPUT when it is no file or too large), read per pass. */
export const pathFile = (file: string): ImportFile => new PathFile(file);
