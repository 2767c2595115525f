import { registerAccessHandlers } from '../access/handlers';
import { registerVaultHandlers } from '../app/handlers';
import type { AppService } from '../app/app-service';
import { registerAuditHandlers } from '../audit/handlers';
import { registerAuthHandlers } from '../auth/handlers';
import { registerBackupHandlers } from '../backup/handlers';
import { registerClientsHandlers } from '../clients/handlers';
import { registerHomeHandlers } from '../home/handlers';
import { registerImportHandlers } from '../import/handlers';
import { registerImportMappingHandlers } from '../import/mapping-handlers';
import { registerIncidentsHandlers } from '../incidents/handlers';
import { registerInternalAuditHandlers } from '../internal-audit/handlers';
import { IpcRegistry } from '../ipc/registry';
import { registerPartnersHandlers } from '../partners/handlers';
import { registerPostureHandlers } from '../posture/handlers';
import { registerRecordsHandlers } from '../records/handlers';
import { registerRestoreHandlers } from '../restore/handlers';
import { registerRisksHandlers } from '../risks/handlers';
import { registerRetentionHandlers } from '../retention/handlers';
import { registerReviewHandlers } from '../review/handlers';
import { registerReportHandlers } from '../report/handlers';
import { registerPeopleHandlers } from '../people/handlers';
import { registerAgreementsHandlers } from '../agreements/handlers';
import { registerSettingsHandlers } from '../settings/handlers';
import { registerUpdateHandlers } from '../update/handlers';
import { registerUsersHandlers } from '../users/handlers';

/**
 * Every channel of the contract, wired to one service; throws if any is missing or doubled.
 * Each feature registers its own channels from its folder (src/core/<feature>/handlers.ts).
 */
export function createIpcRegistry(service: AppService): IpcRegistry {
  const registry = new IpcRegistry((channel) => service.activity(channel));
  registerVaultHandlers(registry, service);
  registerUsersHandlers(registry, service);
  registerAuthHandlers(registry, service);
  registerClientsHandlers(registry, service);
  registerAccessHandlers(registry, service);
  registerSettingsHandlers(registry, service);
  registerRecordsHandlers(registry, service);
  registerAuditHandlers(registry, service);
  registerBackupHandlers(registry, service);
  registerRestoreHandlers(registry, service);
  registerHomeHandlers(registry, service);
  registerImportHandlers(registry, service);
  registerUpdateHandlers(registry, service);
  registerImportMappingHandlers(registry, service);
  registerPostureHandlers(registry, service);
  registerReviewHandlers(registry, service);
  registerReportHandlers(registry, service);
  registerPeopleHandlers(registry, service);
  registerAgreementsHandlers(registry, service);
  registerRetentionHandlers(registry, service);
  registerIncidentsHandlers(registry, service);
  registerPartnersHandlers(registry, service);
  registerRisksHandlers(registry, service);
  registerInternalAuditHandlers(registry, service);
  registry.assertComplete();
  return registry;
}
