/**
 * What the importer remembers of a file's earlier rows while it streams (issue 14, Safety): per
 * keyed duplicate hash (16 bytes), one number. A 200 MB export has 1.5 million rows; a Map keyed by
 * strings costs about 70 bytes an entry on the JavaScript heap, this table 20 bytes a slot in typed
 * arrays (at most 3/4 full), off the heap. The hashes are HMAC output, so their first word spreads
 * them evenly without hashing again; the whole 16 bytes are compared, so no two hashes are confused.
 */
const EMPTY = -1;

export class HashIndex {
  private words: Uint32Array;
  private values: Int32Array;
  private count = 0;

  constructor(slots = 1024) {
    this.words = new Uint32Array(slots * 4);
    this.values = new Int32Array(slots).fill(EMPTY);
  }

  get size(): number {
    return this.count;
  }

  /** The number kept for `hash`, or undefined. */
  get(hash: Uint8Array): number | undefined {
    const at = this.find(hash);
    return this.values[at] === EMPTY ? undefined : this.values[at];
  }

  /** Keeps `value` (0 or more, below 2^31) for `hash`, replacing what was kept. */
  set(hash: Uint8Array, value: number): void {
    if (value < 0 || value > 0x7fffffff || !Number.isInteger(value)) throw new RangeError('a HashIndex value');
    if ((this.count + 1) * 4 > this.values.length * 3) this.grow();
    const at = this.find(hash);
    if (this.values[at] === EMPTY) {
      this.count += 1;
      const b = Buffer.from(hash.buffer, hash.byteOffset, 16);
      for (let w = 0; w < 4; w += 1) this.words[at * 4 + w] = b.readUInt32LE(w * 4);
    }
    this.values[at] = value;
  }

  /** The slot holding `hash`, or the empty slot where it would go (linear probing). */
  private find(hash: Uint8Array): number {
    if (hash.byteLength !== 16) throw new RangeError('a HashIndex key is 16 bytes');
    const b = Buffer.from(hash.buffer, hash.byteOffset, 16);
    const k0 = b.readUInt32LE(0);
    const k1 = b.readUInt32LE(4);
    const k2 = b.readUInt32LE(8);
    const k3 = b.readUInt32LE(12);
    const mask = this.values.length - 1;
    for (let at = k0 & mask; ; at = (at + 1) & mask) {
      if (this.values[at] === EMPTY) return at;
      const w = at * 4;
      if (this.words[w] === k0 && this.words[w + 1] === k1 && this.words[w + 2] === k2 && this.words[w + 3] === k3)
        return at;
    }
  }

  private grow(): void {
    const { words, values } = this;
    this.words = new Uint32Array(words.length * 2);
    this.values = new Int32Array(values.length * 2).fill(EMPTY);
    this.count = 0;
    const key = Buffer.alloc(16);
    for (let at = 0; at < values.length; at += 1) {
      if (values[at] === EMPTY) continue;
      for (let w = 0; w < 4; w += 1) key.writeUInt32LE(words[at * 4 + w]!, w * 4);
      this.set(key, values[at]!);
    }
  }
}
