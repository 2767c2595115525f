import { describe, expect, it } from 'vitest';
import {
  certificateFingerprint,
  certificateHash,
  issueCertificate,
  issueSelfSignedCertificate,
  verifyCertificate,
  verifyCertificateChain,
  verifySelfSignedCertificate,
  type CertificateFields,
  type UserCertificate,
} from '../../src/core/crypto/certificates';
import { signGrant, verifyGrant, type SignedGrant } from '../../src/core/crypto/grant-statements';
import { generateStaffIdentity, publicIdentity, type StaffIdentity } from '../../src/core/crypto/identity';
import { LedgerVaultError } from '../../src/core/errors';

const VAULT = 'vault-1';

function integrityFailure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerVaultError);
    expect((err as LedgerVaultError).code).toBe('E_INTEGRITY');
    return (err as LedgerVaultError).detail;
  }
  throw new Error('expected E_INTEGRITY, nothing was thrown');
}

function fields(id: StaffIdentity, over: Partial<CertificateFields> = {}): CertificateFields {
  return {
    vaultId: VAULT,
    userId: 'u-admin',
    username: 'admin',
    role: 'admin',
    status: 'active',
    keys: publicIdentity(id),
    issuedAt: '2026-12-02T06:00:00.000Z',
    ...over,
  };
}

function firstAdmin() {
  const id = generateStaffIdentity();
  const cert = issueSelfSignedCertificate(fields(id), id.ed25519.privateKey);
  return { id, cert, issuer: { userId: 'u-admin', keys: publicIdentity(id), ed25519Private: id.ed25519.privateKey } };
}

describe('user certificates', () => {
  it("the first admin's self-signed certificate verifies and its fingerprint pins it", () => {
    const { cert } = firstAdmin();
    const body = verifySelfSignedCertificate(cert, certificateFingerprint(cert.body));
    expect(body.role).toBe('admin');
    expect(cert.body.issuerFingerprint).toBe(certificateFingerprint(cert.body));
    const stranger = firstAdmin();
    integrityFailure(() => verifySelfSignedCertificate(cert, certificateFingerprint(stranger.cert.body)));
  });

  it('a certificate an admin issued verifies against that admin and not against someone else', () => {
    const admin = firstAdmin();
    const staff = generateStaffIdentity();
    const cert = issueCertificate(fields(staff, { userId: 'u-li', username: 'li', role: 'accountant' }), admin.issuer);
    expect(verifyCertificate(cert, admin.issuer).role).toBe('accountant');
    const other = firstAdmin();
    expect(
      integrityFailure(() => verifyCertificate(cert, { userId: 'u-admin', keys: publicIdentity(other.id) })),
    ).toMatch(/different issuer/);
  });

  it('any changed field or signature byte fails: an edited role is E_INTEGRITY naming the user', () => {
    const admin = firstAdmin();
    const cert = issueCertificate(
      fields(generateStaffIdentity(), { userId: 'u-li', username: 'li', role: 'accountant' }),
      admin.issuer,
    );
    const edits: ((c: UserCertificate) => void)[] = [
      (c) => (c.body.role = 'admin'),
      (c) => (c.body.status = 'disabled'),
      (c) => (c.body.username = 'li2'),
      (c) => (c.body.issuedAt = '2026-12-02T06:00:00.001Z'),
      (c) => (c.body.x25519 = publicIdentity(generateStaffIdentity()).x25519.toString('base64')),
      (c) => {
        const sig = Buffer.from(c.signature, 'base64');
        sig[10] = sig[10]! ^ 1;
        c.signature = sig.toString('base64');
      },
    ];
    for (const edit of edits) {
      const copy = structuredClone(cert);
      edit(copy);
      expect(integrityFailure(() => verifyCertificate(copy, admin.issuer))).toMatch(/"li2?"/);
    }
    integrityFailure(() => verifyCertificate({ ...cert, body: { ...cert.body, extra: 1 } as never }, admin.issuer));
  });

  it('a staff certificate signed by a temporary identity that an admin certified is a valid chain', () => {
    const admin = firstAdmin();
    const temp = generateStaffIdentity();
    const tempCert = issueCertificate(
      fields(temp, { userId: 'u-li', username: 'li', role: 'accountant', status: 'temporary' }),
      admin.issuer,
    );
    const own = generateStaffIdentity();
    const tempIssuer = { userId: 'u-li', keys: publicIdentity(temp), ed25519Private: temp.ed25519.privateKey };
    const chainFields = fields(own, {
      userId: 'u-li',
      username: 'li',
      role: 'accountant',
      previous: certificateHash(tempCert),
    });
    const cert = issueCertificate(chainFields, tempIssuer);
    expect(verifyCertificateChain(cert, tempCert, admin.cert).userId).toBe('u-li');

    // The person cannot raise their own role, nor skip the temporary step, nor use another's.
    const promoted = issueCertificate({ ...chainFields, role: 'manager' }, tempIssuer);
    expect(integrityFailure(() => verifyCertificateChain(promoted, tempCert, admin.cert))).toMatch(/role/);
    const notTemp = issueCertificate(
      fields(temp, { userId: 'u-li', username: 'li', role: 'accountant', status: 'active' }),
      admin.issuer,
    );
    integrityFailure(() => verifyCertificateChain(cert, notTemp, admin.cert));
    const unlinked = issueCertificate({ ...chainFields, previous: undefined }, tempIssuer);
    integrityFailure(() => verifyCertificateChain(unlinked, tempCert, admin.cert));
    const selfIssued = issueCertificate(chainFields, {
      ...tempIssuer,
      keys: publicIdentity(own),
      ed25519Private: own.ed25519.privateKey,
    });
    integrityFailure(() => verifyCertificateChain(selfIssued, tempCert, admin.cert));
    // A temporary identity certified by a manager, not an admin, starts no chain.
    const managerCert = issueCertificate(
      fields(generateStaffIdentity(), { userId: 'u-m', role: 'manager' }),
      admin.issuer,
    );
    integrityFailure(() => verifyCertificateChain(cert, tempCert, managerCert));
  });
});

describe('signed grant statements', () => {
  const grantFields = {
    vaultId: VAULT,
    clientId: '17',
    granteeUserId: 'u-li',
    canWrite: false,
    issuedAt: '2026-12-02T06:00:00.000Z',
    issuerUserId: 'u-admin',
  };

  it('verifies against the issuer and fails on any edit, including a grant turned into write access', () => {
    const admin = firstAdmin();
    const grant = signGrant(grantFields, admin.id.ed25519.privateKey);
    const issuer = { userId: 'u-admin', ed25519: admin.id.ed25519.publicKey };
    expect(verifyGrant(grant, issuer)).toMatchObject({ clientId: '17', canWrite: false });
    const edits: ((g: SignedGrant) => void)[] = [
      (g) => (g.body.canWrite = true),
      (g) => (g.body.clientId = '18'),
      (g) => (g.body.granteeUserId = 'u-wang'),
      (g) => (g.body.vaultId = 'vault-2'),
    ];
    for (const edit of edits) {
      const copy = structuredClone(grant);
      edit(copy);
      expect(integrityFailure(() => verifyGrant(copy, issuer))).toMatch(/grant of client/);
    }
    const accountant = generateStaffIdentity();
    const forged = signGrant({ ...grantFields, issuerUserId: 'u-admin' }, accountant.ed25519.privateKey);
    integrityFailure(() => verifyGrant(forged, issuer));
    integrityFailure(() => verifyGrant(grant, { userId: 'u-other', ed25519: admin.id.ed25519.publicKey }));
  });
});
