/**
 * Associated data and MAC inputs built from several ids. Each part is written as its UTF-8 length
 * (4 bytes, big-endian) and its bytes, so that no two different lists of parts give the same
 * bytes: ("1", "23") and ("12", "3") must not authenticate each other's ciphertext.
 */
export type BoundPart = string | number | bigint | Uint8Array;

/** Why a label first: the same ids under two purposes (a wrap, a field) never share bytes. */
export function boundParts(label: string, ...parts: BoundPart[]): Buffer {
  return boundPartsAfter(null, label, ...parts);
}

/**
 * boundParts(...first, ...parts) given `prefix` = boundParts(...first): the same bytes, for
 * callers that bind many values under one fixed beginning (a client's fields) and keep it.
 */
export function boundPartsAfter(prefix: Uint8Array | null, ...parts: BoundPart[]): Buffer {
  // One allocation for the whole list: this runs for every sealed field and keyed hash, and a
  // Buffer per part cost more than the AES-GCM call it feeds (npm run bench, "v2 insert").
  const encoded = parts.map((part) => (part instanceof Uint8Array ? part : String(part)));
  let size = prefix?.length ?? 0;
  for (const part of encoded) size += 4 + (typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  if (prefix) {
    out.set(prefix, 0);
    at = prefix.length;
  }
  for (const part of encoded) {
    let length: number;
    if (typeof part === 'string') length = out.write(part, at + 4, 'utf8');
    else {
      out.set(part, at + 4);
      length = part.length;
    }
    out.writeUInt32BE(length, at);
    at += 4 + length;
  }
  return out;
}
