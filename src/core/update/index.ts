/** The update feature's public functions (issue 15; docs/update-format.md). */
export {
  compareVersions,
  formatKeyFingerprint,
  highestVersion,
  keyFingerprint,
  MANIFEST_NAME,
  parseManifest,
  type ReleaseManifest,
} from './manifest';
export { REFUSAL_CODES, refusalError, type Refusal, type RefusalCode } from './refusals';
export {
  APP_ID,
  verifyManifestBytes,
  type ManifestVerdict,
  type TrustState,
  type VerifiedManifest,
} from './verify-manifest';
export { hashFile, verifyRelease, type ReleaseVerdict, type VerifiedRelease } from './verify-release';
export {
  generateReleaseKey,
  openPrivateKeyFile,
  parsePublicKeyFile,
  privateKeyFileText,
  publicKeyFileText,
  type ReleaseKeyPair,
} from './release-key';
export { DEFAULT_EXPIRY_DAYS, endorse, signManifest, signRelease } from './sign-release';
