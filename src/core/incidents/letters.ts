/**
 * Client notification letters (issue 17, Build 3; PIPL art. 57): written from the office's
 * template (zh-CN or English, editable, kept in compliance_templates; the default text in
 * src/shared/incidents/letter.ts until edited), one per affected client, each naming its own
 * client and its own data, sealed under that client's key. Marking a client notified records
 * when, by whom and how; after that, what the client was told does not change.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { authorize } from '../access/authorize';
import { clientNames, requireClientKey } from '../access/client-names';
import { complianceTemplates, incidentClients, incidentSteps } from '../db/registers-schema';
import { inputError, LedgerVaultError } from '../errors';
import { parseInput } from '../parse-input';
import { openText, sealText } from '../vault/sealed-fields';
import type { VaultSession } from '../vault/session';
import {
  incidentLetters,
  incidentNotify,
  incidentTemplate,
  LETTER_LOCALES,
  type IncidentDetail,
  type IncidentTemplates,
  type LetterLocale,
} from '../../shared/incidents/contract';
import {
  DEFAULT_LETTERS,
  fillLetter,
  LETTER_PLACEHOLDERS,
  missingPlaceholder,
  TEMPLATE_KEY,
} from '../../shared/incidents/letter';
import { formatShanghai, shanghaiDate } from '../../shared/time';
import { authorizeManage, loadOpen, sealedAt, target } from './common';
import { incidentDetail } from './view';

const WORDS = {
  'zh-CN': { none: '（尚未记录）', noContact: '本所', drill: '【应急演练，非真实事件】\n' },
  en: { none: '(none recorded yet)', noContact: 'our office', drill: '[EMERGENCY DRILL — NOT A REAL INCIDENT]\n' },
} as const;

function templateRow(session: VaultSession, locale: LetterLocale) {
  return session.orm
    .select()
    .from(complianceTemplates)
    .where(eq(complianceTemplates.key, TEMPLATE_KEY(locale)))
    .get();
}

function templatesView(session: VaultSession): IncidentTemplates {
  return {
    templates: LETTER_LOCALES.map((locale) => {
      const row = templateRow(session, locale);
      return { locale, body: row?.body ?? DEFAULT_LETTERS[locale], edited: !!row, updatedAt: row?.updatedAt ?? null };
    }),
    placeholders: LETTER_PLACEHOLDERS,
  };
}

export function getTemplates(session: VaultSession): IncidentTemplates {
  authorize(session, 'incident.list');
  return templatesView(session);
}

/** Saves the office's own letter text for one language; it must still name the client and the data. */
export function saveTemplate(session: VaultSession, input: unknown, now = new Date()): IncidentTemplates {
  const t = parseInput(incidentTemplate, input);
  authorizeManage(session);
  const missing = missingPlaceholder(t.body);
  if (missing) throw inputError('incidents.templateMissing', { placeholder: `{${missing}}` });
  const key = TEMPLATE_KEY(t.locale);
  const at = now.toISOString();
  session.write((ctx) => {
    ctx.orm
      .insert(complianceTemplates)
      .values({ key, body: t.body, updatedAt: at, updatedBy: session.user.id })
      .onConflictDoUpdate({
        target: complianceTemplates.key,
        set: { body: t.body, updatedAt: at, updatedBy: session.user.id },
      })
      .run();
    ctx.audit({
      action: 'incident.template',
      targetType: 'template',
      targetId: key,
      details: { length: t.body.length },
    });
  });
  return templatesView(session);
}

/**
 * Writes (or writes again) the letter of every affected client not yet notified, in `locale`:
 * what the office did is its containment and recovery steps so far, in order.
 */
export function writeLetters(session: VaultSession, input: unknown, now = new Date()): IncidentDetail {
  const l = parseInput(incidentLetters, input);
  authorizeManage(session, l.id);
  const row = loadOpen(session, l.id);
  const pending = session.orm
    .select()
    .from(incidentClients)
    .where(eq(incidentClients.incidentId, l.id))
    .all()
    .filter((c) => c.notifiedAt === null);
  if (pending.length === 0) throw inputError('incidents.noClients');
  for (const c of pending) requireClientKey(session, 'incident.manage', c.clientId);
  const words = WORDS[l.locale];
  const steps = session.orm
    .select()
    .from(incidentSteps)
    .where(and(eq(incidentSteps.incidentId, l.id), inArray(incidentSteps.kind, ['containment', 'recovery'])))
    .orderBy(asc(incidentSteps.id))
    .all();
  const actions = steps.length ? steps.map((s) => `· ${formatShanghai(s.at)} ${s.text}`).join('\n') : words.none;
  const template = templateRow(session, l.locale)?.body ?? DEFAULT_LETTERS[l.locale];
  const names = clientNames(
    session,
    pending.map((c) => c.clientId),
  );
  const letters = pending.map((c) => {
    const text = fillLetter(template, {
      client: names.get(c.clientId) ?? `#${c.clientId}`,
      title: row.title,
      foundAt: formatShanghai(row.foundAt),
      whatHappened: row.whatHappened,
      whichData: openText(session, sealedAt(l.id, c.clientId, 'which_data'), c.whichDataEnc) ?? '',
      recordCount: String(c.recordCount),
      actions,
      advice: l.advice,
      contact: row.contact ?? words.noContact,
      date: shanghaiDate(now),
      drill: row.isDrill ? words.drill : '',
    });
    return { clientId: c.clientId, letterEnc: sealText(session, sealedAt(l.id, c.clientId, 'letter'), text) };
  });
  session.write((ctx) => {
    for (const x of letters)
      ctx.orm
        .update(incidentClients)
        .set({ letterEnc: x.letterEnc })
        .where(and(eq(incidentClients.incidentId, l.id), eq(incidentClients.clientId, x.clientId)))
        .run();
    ctx.audit({
      action: 'incident.letters',
      ...target(l.id),
      details: { id: l.id, locale: l.locale, clients: letters.map((x) => x.clientId), steps: steps.length },
    });
  });
  return incidentDetail(session, l.id);
}

/** Records that a client was told (when: now; by: the signed-in user; how: as given). */
export function markNotified(session: VaultSession, input: unknown, now = new Date()): IncidentDetail {
  const n = parseInput(incidentNotify, input);
  authorizeManage(session, n.id);
  const row = loadOpen(session, n.id);
  const link = session.orm
    .select()
    .from(incidentClients)
    .where(and(eq(incidentClients.incidentId, n.id), eq(incidentClients.clientId, n.clientId)))
    .get();
  if (!link) throw inputError('incidents.clientNotAffected', { clientId: n.clientId });
  if (link.notifiedAt)
    throw new LedgerVaultError('E_CONFLICT', `Client ${n.clientId} was notified.`, {
      messageKey: 'incidents.alreadyNotified',
      params: { clientId: n.clientId, at: formatShanghai(link.notifiedAt) },
    });
  if (!link.letterEnc)
    throw new LedgerVaultError('E_CONFLICT', `No letter to client ${n.clientId}.`, {
      messageKey: 'incidents.noLetter',
      params: { clientId: n.clientId },
    });
  const at = now.toISOString();
  session.write((ctx) => {
    ctx.orm
      .update(incidentClients)
      .set({ notifiedAt: at, notifiedBy: session.user.id, notifiedHow: n.how })
      .where(and(eq(incidentClients.incidentId, n.id), eq(incidentClients.clientId, n.clientId)))
      .run();
    ctx.audit({
      action: 'incident.notify',
      ...target(n.id),
      clientId: n.clientId,
      // How is the office's words ("电话", "挂号信"), but it could hold an address: kept out of the log.
      details: { id: n.id, hoursAfterFound: Math.floor((now.getTime() - Date.parse(row.foundAt)) / 3_600_000) },
    });
  });
  return incidentDetail(session, n.id);
}
