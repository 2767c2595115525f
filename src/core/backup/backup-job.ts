/**
 * The one backup being written at a time, manual or scheduled (E_BUSY for a second), with its
 * progress for backup:progress and the flag backup:cancel sets.
 */
import { LedgerVaultError } from '../errors';
import type { BackupJobView } from '../../shared/backup/contract';
import type { BackupProgress } from './backup-export';

const idle = (): BackupJobView => ({
  running: false,
  kind: null,
  phase: null,
  bytes: 0,
  total: 0,
  startedAt: null,
});

export class BackupJob {
  private state = idle();
  private signal: { cancelled: boolean } | null = null;

  get view(): BackupJobView {
    return this.state;
  }

  get running(): boolean {
    return this.state.running;
  }

  assertFree(): void {
    if (this.state.running) throw new LedgerVaultError('E_BUSY', 'A backup is already being written.');
  }

  async run<T>(
    kind: 'manual' | 'scheduled',
    work: (signal: { cancelled: boolean }, onProgress: (p: BackupProgress) => void) => Promise<T>,
  ): Promise<T> {
    this.assertFree();
    const signal = { cancelled: false };
    this.signal = signal;
    this.state = { running: true, kind, phase: 'writing', bytes: 0, total: 0, startedAt: new Date().toISOString() };
    try {
      return await work(signal, (p) => {
        this.state = { ...this.state, phase: p.phase, bytes: p.bytes, total: p.total };
      });
    } finally {
      this.state = idle();
      this.signal = null;
    }
  }

  cancel(): boolean {
    if (!this.signal) return false;
    this.signal.cancelled = true;
    return true;
  }
}
