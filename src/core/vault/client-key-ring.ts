/**
 * The client keys one session holds (security model v2, "Client keys"): filled at unlock from the
 * wraps addressed to the signed-in user, and nothing else. Whether a session can read a client is
 * decided by whether its key is here: an app check that says yes cannot decrypt a field the ring
 * has no key for.
 */
import { LedgerVaultError } from '../errors';
import { deriveClientSubkeys, wipeClientSubkeys, type ClientSubkeys } from '../crypto/field-cipher';
import { wipe } from '../crypto/primitives';

interface Held {
  clientKey: Buffer;
  generation: number;
  subkeys: ClientSubkeys;
}

export class ClientKeyRing {
  private readonly held = new Map<number, Held>();

  /** Takes over `clientKey` (wiped when replaced, removed or when the ring is wiped). */
  add(clientId: number, clientKey: Buffer, generation: number): void {
    this.remove(clientId);
    this.held.set(clientId, { clientKey, generation, subkeys: deriveClientSubkeys(clientKey) });
  }

  has(clientId: number): boolean {
    return this.held.has(clientId);
  }

  /** The field and search keys of a client, or E_FORBIDDEN when this session holds no key for it. */
  subkeys(clientId: number): ClientSubkeys {
    return this.require(clientId).subkeys;
  }

  /** The raw client key, only to wrap it to another person (a grant, a new manager). */
  clientKey(clientId: number): Buffer {
    return this.require(clientId).clientKey;
  }

  generation(clientId: number): number {
    return this.require(clientId).generation;
  }

  clientIds(): number[] {
    return [...this.held.keys()];
  }

  get size(): number {
    return this.held.size;
  }

  remove(clientId: number): void {
    const h = this.held.get(clientId);
    if (!h) return;
    wipe(h.clientKey);
    wipeClientSubkeys(h.subkeys);
    this.held.delete(clientId);
  }

  wipe(): void {
    for (const id of [...this.held.keys()]) this.remove(id);
  }

  private require(clientId: number): Held {
    const h = this.held.get(clientId);
    if (!h) {
      throw new LedgerVaultError('E_FORBIDDEN', `This session holds no key for client ${clientId}.`, {
        messageKey: 'client.noKey',
        params: { id: clientId },
      });
    }
    return h;
  }
}
