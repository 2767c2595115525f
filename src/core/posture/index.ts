/**
 * The security and compliance posture (issue 17, Build 1): every measure as a live fact, read
 * from the vault when asked. Admins and managers ('posture.view'); the read is audited as
 * 'posture.view', repeats collapsed like other lists (audit/collapse.ts).
 */
import { authorize } from '../access/authorize';
import { auditRepeatable } from '../audit/collapse';
import { readSettings } from '../settings/settings';
import type { VaultSession } from '../vault/session';
import { POSTURE_FACT_IDS, type PostureFact, type PostureView } from '../../shared/posture/contract';
import { postureSources, type PostureContext } from './sources';

export function emptyCounts(): PostureView['counts'] {
  return { green: 0, amber: 0, red: 0, unknown: 0 };
}

export async function readPosture(
  session: VaultSession,
  opts: { appVersion: string; now?: Date },
): Promise<PostureView> {
  authorize(session, 'posture.view');
  const now = opts.now ?? new Date();
  const context: PostureContext = { session, now, settings: readSettings(session), appVersion: opts.appVersion };
  const sources = postureSources();
  const facts: PostureFact[] = [];
  for (const id of POSTURE_FACT_IDS) facts.push(await sources[id](context));
  const counts = emptyCounts();
  for (const f of facts) counts[f.status] += 1;
  // Under an integrity alarm the vault takes no writes: the facts are still shown (the alarm is one).
  if (!session.integrityAlarm)
    auditRepeatable(session, { action: 'posture.view', identity: {}, details: { ...counts } }, now);
  return { at: now.toISOString(), facts, counts };
}
