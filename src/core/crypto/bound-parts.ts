/**
 * Associated data and MAC inputs built from several ids. Each part is written as its UTF-8 length
 * (4 bytes, big-endian) and its bytes, so that no two different lists of parts give the same
 * bytes: ("1", "23") and ("12", "3") must not authenticate each other's ciphertext.
 */
export type BoundPart = string | number | bigint | Uint8Array;

/** Why a label first: the same ids under two purposes (a wrap, a field) never share bytes. */
export function boundParts(label: string, ...parts: BoundPart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of [label, ...parts]) {
    const bytes = part instanceof Uint8Array ? Buffer.from(part) : Buffer.from(String(part), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    chunks.push(length, bytes);
  }
  return Buffer.concat(chunks);
}
