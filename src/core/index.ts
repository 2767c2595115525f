/** The core's public surface: what the Electron main process, the CLI and the harness may call. */
export { LedgerVaultError, toPublicError } from './errors';
export { OsKeyStore, type KeyStore } from './keystore/keystore';
export { createVault, type CreateVaultInput, type CreatedVault } from './vault/create-vault';
export { unlockVault, type UnlockInput } from './auth/unlock-vault';
export { recoverVault } from './upgrade/upgrade-v2-recover';
export type { RecoverInput, RecoveryResult } from './vault/recover-vault';
export { doctorVault, type DoctorReport, type DoctorCheck } from './doctor/doctor';
export { VaultSession } from './vault/session';
export { calibrateArgon2, ARGON2_FLOOR, type Argon2Params } from './crypto/argon2id';
export { AppService, type AppServiceOptions, type LockReason } from './app/app-service';
export { writeFileAtomic } from './fs/atomic-write';
export { IpcRegistry } from './ipc/registry';
export { createIpcRegistry } from './host/registry';
