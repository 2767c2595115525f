/**
 * The signed release manifest (docs/update-format.md): `ledgervault-release.json` beside the
 * installers in a release folder. One signature covers the version, dates, app id and every
 * file's name, size and SHA-512, so no part can be swapped for another release's (Signal binds
 * its signature to the version, Tauri its "trusted comment"; TUF's snapshot role names every
 * file for the same reason).
 *
 * parseManifest is the one input boundary: bytes in, a checked manifest or E_INPUT out.
 * Only node:crypto here and in the verifying modules: the main process re-verifies with them
 * (src/main/update/) and must not load the core's crypto packages.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical-json';
import { LedgerVaultError } from '../errors';

export const MANIFEST_NAME = 'ledgervault-release.json';
export const MANIFEST_FORMAT = 'ledgervault-release/1';
/** The manifest is small; anything larger is not one (and is not read whole into memory). */
export const MANIFEST_MAX_BYTES = 256 * 1024;
export const MAX_FILES = 64;
/** An installer is well under this; the limit keeps `size` an exact integer everywhere. */
export const MAX_FILE_BYTES = 8 * 1024 ** 3;

/** What every signature of this format starts with, so it can never pass for another statement's. */
const MANIFEST_LABEL = 'LedgerVault release manifest v1\0';
const KEY_LABEL = 'LedgerVault release key endorsement v1\0';
const FINGERPRINT_LABEL = 'LedgerVault release key fingerprint\0';

/** MAJOR.MINOR.PATCH only: a pre-release tag would make "newer" a matter of opinion. */
const VERSION_RE = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
/** A plain file name in the release folder: no folders, no leading dot, no control characters. */
const FILE_NAME_RE = /^[A-Za-z0-9_+\-()][A-Za-z0-9_+\-() .]{0,199}$/;
const LATEST_YML_RE = /^latest(-[a-z0-9]+)?\.yml$/;

const b64 = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64')
    .refine((s) => Buffer.from(s, 'base64').length === bytes && Buffer.from(s, 'base64').toString('base64') === s, {
      message: `not ${bytes} bytes in base64`,
    });
const isoTime = z.iso.datetime({ offset: false });

export const releaseFileSchema = z.strictObject({
  name: z
    .string()
    .regex(FILE_NAME_RE, 'a file name has letters, digits, spaces, . _ - + ( ) and no folder')
    .refine((n) => n !== MANIFEST_NAME && !n.endsWith('.') && !n.endsWith(' '), 'not a release file name'),
  size: z.number().int().nonnegative().max(MAX_FILE_BYTES),
  /** Base64, as electron-updater's latest.yml writes it, so the two can be compared by eye. */
  sha512: b64(64),
});

/** A public key endorsed by another: how the publisher rotates keys (docs/update-format.md). */
export const endorsementSchema = z.strictObject({
  publicKey: b64(32),
  /** Fingerprint (hex) of the key that signed this endorsement. */
  endorsedBy: z.string().regex(/^[0-9a-f]{32}$/),
  signature: b64(64),
});

export const signedPartSchema = z
  .strictObject({
    appId: z.string().min(1).max(200),
    version: z.string().regex(VERSION_RE, 'a version is MAJOR.MINOR.PATCH'),
    releaseDate: isoTime,
    expiresAt: isoTime,
    releaseNotes: z.strictObject({ 'zh-CN': z.string().max(20_000), en: z.string().max(20_000) }).optional(),
    files: z.array(releaseFileSchema).min(1).max(MAX_FILES),
    /** The key the next releases will be signed with, endorsed by this release's key. */
    nextKey: endorsementSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (Date.parse(v.expiresAt) <= Date.parse(v.releaseDate))
      ctx.addIssue({ code: 'custom', message: 'expiresAt is not after releaseDate', path: ['expiresAt'] });
    const names = v.files.map((f) => f.name.toLowerCase());
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', message: 'a file is listed twice', path: ['files'] });
    if (!v.files.some((f) => LATEST_YML_RE.test(f.name)))
      ctx.addIssue({ code: 'custom', message: 'no electron-updater latest*.yml is listed', path: ['files'] });
  });

export const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  signed: signedPartSchema,
  /** The signing key itself (raw Ed25519, base64); trusted only if pinned, learned or endorsed. */
  publicKey: b64(32),
  signature: b64(64),
  /** When the signing key is new: the endorsement of it by a key the workstation already trusts. */
  keyEndorsement: endorsementSchema.optional(),
});

export type ReleaseFile = z.infer<typeof releaseFileSchema>;
export type Endorsement = z.infer<typeof endorsementSchema>;
export type SignedPart = z.infer<typeof signedPartSchema>;
export type ReleaseManifest = z.infer<typeof manifestSchema>;

function malformed(reason: string): LedgerVaultError {
  return new LedgerVaultError('E_INPUT', `The update manifest is not valid: ${reason}.`, {
    messageKey: 'update.malformed',
    params: { reason },
  });
}

/**
 * Bytes to a checked manifest, or E_INPUT (`update.malformed`) saying what is wrong. Never
 * throws anything else, whatever the bytes (issue 16 fuzzes this function).
 */
export function parseManifest(bytes: Uint8Array): ReleaseManifest {
  if (bytes.length > MANIFEST_MAX_BYTES) throw malformed(`larger than ${MANIFEST_MAX_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw malformed('not UTF-8 JSON');
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the manifest';
    throw malformed(`${where}: ${issue.message}`);
  }
  return result.data;
}

/** The bytes the publisher signs: a label, then the canonical JSON of the signed part. */
export function manifestSigningBytes(signed: SignedPart): Buffer {
  return Buffer.concat([Buffer.from(MANIFEST_LABEL, 'utf8'), Buffer.from(canonicalJson(signed), 'utf8')]);
}

/** The bytes an endorsement signs: the app id and the endorsed key (never valid for another app). */
export function endorsementBytes(appId: string, publicKey: string): Buffer {
  return Buffer.concat([Buffer.from(KEY_LABEL, 'utf8'), Buffer.from(canonicalJson({ appId, publicKey }), 'utf8')]);
}

/** 16 bytes of a labelled SHA-256 of the raw key, hex: what screens and the CLI show. */
export function keyFingerprint(publicKeyRaw: Uint8Array): string {
  const h = createHash('sha256').update(FINGERPRINT_LABEL, 'utf8').update(publicKeyRaw);
  return h.digest().subarray(0, 16).toString('hex');
}

/** For people: the fingerprint in groups of four. */
export function formatKeyFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,4}/g) ?? []).join(' ');
}

export function isLatestYml(name: string): boolean {
  return LATEST_YML_RE.test(name);
}

/** -1, 0 or 1; both must be MAJOR.MINOR.PATCH (checked by the schema or by the caller). */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i += 1) if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
  return 0;
}

export function parseVersion(v: string): [number, number, number] {
  const m = VERSION_RE.exec(v);
  if (!m) throw new TypeError(`not a MAJOR.MINOR.PATCH version: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function isVersion(v: string): boolean {
  return VERSION_RE.test(v);
}

/** The higher of some versions (null ones and malformed ones ignored); null if none. */
export function highestVersion(...versions: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const v of versions) if (v && isVersion(v) && (best === null || compareVersions(v, best) > 0)) best = v;
  return best;
}

/** The `version:` line of an electron-updater latest*.yml (flat YAML, written by electron-builder). */
export function ymlVersion(text: string): string | null {
  const m = /^version:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text);
  return m ? m[1]! : null;
}
