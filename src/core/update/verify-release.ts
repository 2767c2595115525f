/**
 * Verifying a release as it lies in a folder (a USB drive, a share, a download): the manifest
 * (verify-manifest.ts), then the folder holds exactly the files it lists (none missing, none from
 * another release mixed in), each of the signed size and SHA-512, and each latest*.yml names the
 * signed version. Only an accepted verdict lets anything be installed (src/main/update/).
 */
import {
  closeSync,
  createReadStream,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { isLatestYml, MANIFEST_MAX_BYTES, MANIFEST_NAME, ymlVersion, type ReleaseFile } from './manifest';
import { refusal, type Refusal } from './refusals';
import {
  verifyManifestBytes,
  type ManifestCheckOptions,
  type TrustState,
  type VerifiedManifest,
} from './verify-manifest';

/** What operating systems and file managers leave on a drive; never part of a release. */
const OS_LITTER = new Set(['thumbs.db', 'desktop.ini', 'system volume information', '$recycle.bin']);

export interface VerifiedFile extends ReleaseFile {
  /** Where it was read; the installer glue serves it from here, hashing it again as it goes. */
  path: string;
}

export interface VerifiedRelease extends VerifiedManifest {
  files: VerifiedFile[];
}

export type ReleaseVerdict = { accepted: true; release: VerifiedRelease } | { accepted: false; refusal: Refusal };

/** A folder (every entry in it counts) or a list of file paths (the manifest among them). */
export type ReleaseSource = string | readonly string[];

function isLitter(name: string): boolean {
  return name.startsWith('.') || OS_LITTER.has(name.toLowerCase());
}

/** name -> path of what the source offers, or a refusal for a name offered twice. */
function entriesOf(source: ReleaseSource): Map<string, string> | Refusal {
  const entries = new Map<string, string>();
  const paths =
    typeof source === 'string'
      ? readdirSync(source)
          .filter((n) => !isLitter(n))
          .map((n) => path.join(source, n))
      : source;
  for (const p of paths) {
    const name = path.basename(p);
    if (entries.has(name)) return refusal('update.extraFile', { name }, `${name} is offered twice`);
    entries.set(name, p);
  }
  return entries;
}

function readManifest(file: string): Buffer | Refusal {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return refusal('update.malformed', { reason: 'not a file' }, `${MANIFEST_NAME} is not a file`);
    if (st.size > MANIFEST_MAX_BYTES)
      return refusal(
        'update.malformed',
        { reason: `larger than ${MANIFEST_MAX_BYTES} bytes` },
        `${MANIFEST_NAME} is too large`,
      );
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Size and SHA-512 of what is read through one descriptor (so the size is of the bytes hashed). */
export async function hashFile(file: string): Promise<{ size: number; sha512: string }> {
  const fd = openSync(file, 'r');
  const hash = createHash('sha512');
  let size = 0;
  // The stream owns the descriptor from here and closes it.
  for await (const chunk of createReadStream('', { fd, highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha512: hash.digest('base64') };
}

function isRefusal(v: unknown): v is Refusal {
  return typeof v === 'object' && v !== null && 'code' in v && 'errorCode' in v;
}

/**
 * Verifies the release `source` offers against the pinned keys and this workstation's trust
 * state at `now`. Resolves to a verdict; rejects only for an I/O failure reading the source.
 */
export async function verifyRelease(
  source: ReleaseSource,
  pinnedKeys: readonly string[],
  trust: TrustState,
  now: Date,
  opts: Pick<ManifestCheckOptions, 'appId'> = {},
): Promise<ReleaseVerdict> {
  const refuse = (r: Refusal): ReleaseVerdict => ({ accepted: false, refusal: r });
  const entries = entriesOf(source);
  if (isRefusal(entries)) return refuse(entries);
  const manifestPath = entries.get(MANIFEST_NAME);
  if (!manifestPath) return refuse(refusal('update.noUpdate', {}, `no ${MANIFEST_NAME} in the update source`));
  const bytes = readManifest(manifestPath);
  if (isRefusal(bytes)) return refuse(bytes);
  const verdict = verifyManifestBytes(bytes, { pinnedKeys, trust, now, ...opts });
  if (!verdict.accepted) return verdict;
  const { signed } = verdict.verified;

  for (const f of signed.files)
    if (!entries.has(f.name)) return refuse(refusal('update.fileMissing', { name: f.name }, `${f.name} is missing`));
  const listed = new Set([MANIFEST_NAME, ...signed.files.map((f) => f.name)]);
  for (const name of entries.keys())
    if (!listed.has(name))
      return refuse(refusal('update.extraFile', { name }, `${name} is not listed in the manifest`));

  const files: VerifiedFile[] = [];
  for (const f of signed.files) {
    const file = entries.get(f.name)!;
    // A link could point anywhere, and change after the check: only plain files are read.
    const st = lstatSync(file);
    if (!st.isFile() || st.size !== f.size)
      return refuse(refusal('update.fileMismatch', { name: f.name, what: 'size' }, `${f.name}: size differs`));
    const got = await hashFile(file);
    if (got.size !== f.size)
      return refuse(refusal('update.fileMismatch', { name: f.name, what: 'size' }, `${f.name}: size differs`));
    if (got.sha512 !== f.sha512)
      return refuse(refusal('update.fileMismatch', { name: f.name, what: 'SHA-512' }, `${f.name}: SHA-512 differs`));
    files.push({ ...f, path: file });
  }
  for (const f of files.filter((x) => isLatestYml(x.name))) {
    const v = ymlVersion(readFileSync(f.path, 'utf8'));
    if (v !== signed.version)
      return refuse(
        refusal(
          'update.malformed',
          { reason: `${f.name} names version ${v ?? '(none)'}, the manifest ${signed.version}` },
          `${f.name} names another version`,
        ),
      );
  }
  return { accepted: true, release: { ...verdict.verified, files } };
}
