import { App as AntApp, Button, Drawer, Form, Input, Radio, Typography, type InputRef } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ClientSummary, RecordView } from '../../shared/contract';
import { inputMessage } from '../../shared/messages';
import { parseAmount } from '../../shared/money';
import {
  DIRECTIONS,
  RECORD_STATUSES,
  recordProblems,
  splitSign,
  type Direction,
  type RecordStatus,
} from '../../shared/records/rules';
import { formatRecordTime } from '../../shared/time';
import { client } from '../app/client';
import { describeError, isError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { EntryAlerts, EntryChannelField, EntryClientField, type ClientFieldRef } from './EntryFields';
import { useT } from './i18n';
import { recordName } from './record-name';
import {
  directionFor,
  draftOf,
  emptyDraft,
  patchOf,
  toInput,
  unsignedAmount,
  type Draft,
  type Field,
} from './record-draft';
import { money, type NewRecordInput } from './record-format';

/**
 * The keyboard-first entry form ("连续录入"): Tab between fields, arrows for the direction,
 * Enter in the last field or Ctrl+Enter anywhere saves; after saving it clears for the next
 * record with focus back on the date. Checked with the shared rules as the user types; a likely
 * duplicate is saved only when the user confirms.
 *
 * The client is never guessed: under 全部客户 (no `defaultClientId`) the 客户 field comes first,
 * empty and focused, and nothing is saved until one is chosen; the title and the saved message
 * name the client, so twenty records cannot go to the wrong one unnoticed. Dates and amounts are
 * read leniently by the shared rules (2024/3/5, 3月5日; "-500" flips the direction to 支出).
 *
 * With `editing`, the same form changes that record: prefilled, it sends only the changed fields
 * with the record's version; when someone else changed it meanwhile (E_CONFLICT) it shows the
 * core's message and `onConflict` reloads the record, which the form then shows afresh.
 */
export function RecordEntryDrawer(props: {
  open: boolean;
  clients: ClientSummary[];
  defaultClientId: number | undefined;
  onClose: () => void;
  onSaved: (record?: RecordView) => void;
  editing?: RecordView;
  onConflict?: () => void;
}) {
  const { editing } = props;
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : emptyDraft(props.defaultClientId)));
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [duplicate, setDuplicate] = useState<{ message: string; input: NewRecordInput } | null>(null);
  const [count, setCount] = useState(0);
  const dateRef = useRef<InputRef>(null);
  const amountRef = useRef<InputRef>(null);
  const counterpartyRef = useRef<InputRef>(null);
  const directionRef = useRef<HTMLDivElement>(null);
  const clientRef = useRef<ClientFieldRef>(null);

  // Each opening takes the page's client, or none under 全部客户: a client chosen in an earlier
  // session of the form is not silently reused.
  const [wasOpen, setWasOpen] = useState(props.open);
  if (wasOpen !== props.open) {
    setWasOpen(props.open);
    if (!editing && props.open && props.defaultClientId !== draft.clientId) {
      setDraft({ ...draft, clientId: props.defaultClientId });
      setTouched({});
      setAttempted(false);
    }
  }
  // The record being edited, reloaded (after a conflict): the form shows it as it is now.
  const [base, setBase] = useState(editing);
  if (editing && editing !== base) {
    setBase(editing);
    setDraft(draftOf(editing));
    setTouched({});
    setAttempted(false);
  }

  // Lenient: "-500" is a valid amount here (money out); the core gets 500 and 支出.
  const problems = recordProblems(draft, Date.now(), undefined, true);
  const clientName = props.clients.find((c) => c.id === draft.clientId)?.name ?? editing?.clientName;
  const clientProblem =
    draft.clientId === undefined && (attempted || touched.clientId) ? t('records.entry.client.required') : undefined;
  const problemOf = (field: Field): string | undefined => {
    if (!attempted && !touched[field]) return undefined;
    const p = problems.find((x) => x.field === field);
    return p ? inputMessage(p.key, locale, p.params) : undefined;
  };
  const signed = splitSign(draft.amount);
  const parsed = parseAmount(unsignedAmount(draft.amount));

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDuplicate(null);
    setError(null);
  };
  const touch = (field: Field) => setTouched((s) => ({ ...s, [field]: true }));

  const focusDate = () => {
    const input = dateRef.current;
    input?.focus();
    input?.select();
  };

  const focusProblem = (field: Field) => {
    if (field === 'clientId') clientRef.current?.focus();
    else if (field === 'occurredAt') focusDate();
    else if (field === 'amount') amountRef.current?.focus();
    else if (field === 'counterparty') counterpartyRef.current?.focus();
    else directionRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  };

  const submit = async (input: NewRecordInput) => {
    setSaving(true);
    setError(null);
    setDuplicate(null);
    try {
      const saved = await client.records.add(input);
      void message.success(
        t('records.entry.saved', {
          client: saved.clientName,
          date: formatRecordTime(saved.occurredAt, saved.hasTime),
          direction: t(`records.direction.${saved.direction}`),
          amount: money(saved.amountMinor, saved.currency),
          counterparty: saved.counterparty ?? '',
        }),
      );
      setCount((n) => n + 1);
      // The next record: same client, date, direction and status; everything else cleared.
      setDraft((d) => ({ ...d, amount: '', counterparty: '', counterpartyAccount: '', reference: '', memo: '' }));
      setTouched({});
      setAttempted(false);
      props.onSaved(saved);
      setTimeout(focusDate, 0);
    } catch (err) {
      if (isError(err, 'E_CONFLICT')) {
        setDuplicate({ message: describeError(err, locale).message, input });
      } else {
        setError(err);
      }
    } finally {
      setSaving(false);
    }
  };

  const submitEdit = async (record: RecordView) => {
    const patch = patchOf(draftOf(record), draft);
    if (Object.keys(patch).length === 0) {
      props.onClose();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await client.records.update({ id: record.id, version: record.version, patch });
      void message.success(
        patch.clientId !== undefined && clientName
          ? t('records.edit.moved', { client: clientName })
          : t('records.edit.saved', { name: recordName(record) }),
      );
      props.onSaved();
      props.onClose();
    } catch (err) {
      setError(err);
      if (isError(err, 'E_CONFLICT')) props.onConflict?.();
    } finally {
      setSaving(false);
    }
  };

  const save = () => {
    if (saving) return;
    setAttempted(true);
    if (draft.clientId === undefined) return focusProblem('clientId');
    const first = problems[0];
    if (first) return focusProblem(first.field);
    if (editing) return void submitEdit(editing);
    void submit(toInput(draft, draft.clientId));
  };

  // Caught on the way down: a focused select (客户, 渠道) would otherwise take Ctrl+Enter as
  // "open the list" and leave it open over the saved form.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    const inStatus = (event.target as HTMLElement).closest('[data-field="status"]') !== null;
    if (event.ctrlKey || event.metaKey || inStatus) {
      event.preventDefault();
      event.stopPropagation();
      save();
    }
  };

  const showClient = props.clients.length > 1 || draft.clientId === undefined;
  const title = editing
    ? t('records.edit.title', { name: recordName(editing) })
    : clientName
      ? t('records.entry.titleFor', { client: clientName })
      : t('records.entry.title');
  const dateProblem = problemOf('occurredAt');
  const amountProblem = problemOf('amount');
  const directionProblem = problemOf('direction');
  const counterpartyProblem = problemOf('counterparty');

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={<span data-testid="entry-title">{title}</span>}
      size={480}
      mask={false}
      afterOpenChange={(open) => {
        // Focus the client when none is chosen, else the date, unless the user already went
        // into a field while the drawer slid in.
        const inForm = document.activeElement?.closest('[data-testid="record-entry"]');
        if (open && !inForm) {
          if (draft.clientId === undefined) clientRef.current?.focus();
          else focusDate();
        }
      }}
      rootClassName="lv-records-entry"
      destroyOnHidden={editing !== undefined}
      footer={
        <div className="lv-records-entry-footer">
          {editing ? (
            <span />
          ) : (
            <Typography.Text type="secondary" data-testid="entry-count">
              {t('records.entry.count', { count })}
            </Typography.Text>
          )}
          <span>
            <Button onClick={props.onClose}>{editing ? t('records.edit.cancel') : t('records.entry.close')}</Button>{' '}
            <Button type="primary" loading={saving} onClick={save} aria-keyshortcuts="Control+Enter">
              {editing ? t('records.edit.save') : t('records.entry.save')}
              <kbd className="lv-kbd">Ctrl+Enter</kbd>
            </Button>
          </span>
        </div>
      }
    >
      <div onKeyDownCapture={onKeyDown} data-testid="record-entry">
        <Typography.Paragraph type="secondary" className="lv-records-entry-hint">
          {editing ? t('records.edit.hint') : t('records.entry.hint')}
        </Typography.Paragraph>
        <Form layout="vertical" component="div" requiredMark={false}>
          {showClient && (
            <EntryClientField
              ref={clientRef}
              clients={props.clients}
              value={draft.clientId}
              problem={clientProblem}
              onChange={(v) => set({ clientId: v })}
              onBlur={() => touch('clientId')}
            />
          )}
          <Form.Item
            label={t('records.entry.occurredAt')}
            htmlFor="lv-entry-date"
            validateStatus={dateProblem ? 'error' : undefined}
            help={dateProblem ?? t('records.entry.occurredAt.help')}
          >
            <Input
              id="lv-entry-date"
              ref={dateRef}
              value={draft.occurredAt}
              autoComplete="off"
              onChange={(e) => set({ occurredAt: e.target.value })}
              onBlur={() => touch('occurredAt')}
            />
          </Form.Item>
          <Form.Item
            label={<span id="lv-entry-direction-label">{t('records.entry.direction')}</span>}
            validateStatus={directionProblem ? 'error' : undefined}
            help={directionProblem}
          >
            <div ref={directionRef}>
              <Radio.Group
                aria-labelledby="lv-entry-direction-label"
                value={draft.direction}
                onChange={(e) => set({ direction: e.target.value as Direction })}
                onBlur={() => touch('direction')}
                optionType="button"
                buttonStyle="solid"
                options={DIRECTIONS.map((d) => ({ value: d, label: t(`records.direction.${d}`) }))}
              />
            </div>
          </Form.Item>
          <Form.Item
            label={t('records.entry.amount')}
            htmlFor="lv-entry-amount"
            validateStatus={amountProblem ? 'error' : undefined}
            help={
              amountProblem ??
              (!parsed.ok
                ? ' '
                : signed.negative
                  ? t('records.entry.amount.out', { amount: money(parsed.minor) })
                  : `= ${money(parsed.minor)}`)
            }
          >
            <Input
              id="lv-entry-amount"
              ref={amountRef}
              value={draft.amount}
              inputMode="decimal"
              autoComplete="off"
              placeholder={t('records.entry.amount.placeholder')}
              onChange={(e) =>
                set({ amount: e.target.value, direction: directionFor(e.target.value, draft.direction) })
              }
              onBlur={() => touch('amount')}
            />
          </Form.Item>
          <Form.Item
            label={t('records.entry.counterparty')}
            htmlFor="lv-entry-counterparty"
            validateStatus={counterpartyProblem ? 'error' : undefined}
            help={counterpartyProblem}
          >
            <Input
              id="lv-entry-counterparty"
              ref={counterpartyRef}
              value={draft.counterparty}
              autoComplete="off"
              onChange={(e) => set({ counterparty: e.target.value })}
              onBlur={() => touch('counterparty')}
            />
          </Form.Item>
          <Form.Item
            label={t('records.entry.counterpartyAccount')}
            htmlFor="lv-entry-account"
            help={editing?.counterpartyAccount ? t('records.edit.account.help') : undefined}
          >
            <Input
              id="lv-entry-account"
              value={draft.counterpartyAccount}
              autoComplete="off"
              placeholder={editing?.counterpartyAccount ?? undefined}
              onChange={(e) => set({ counterpartyAccount: e.target.value })}
            />
          </Form.Item>
          <Form.Item label={t('records.entry.reference')} htmlFor="lv-entry-reference">
            <Input
              id="lv-entry-reference"
              value={draft.reference}
              autoComplete="off"
              onChange={(e) => set({ reference: e.target.value })}
            />
          </Form.Item>
          <Form.Item label={t('records.entry.memo')} htmlFor="lv-entry-memo">
            <Input
              id="lv-entry-memo"
              value={draft.memo}
              autoComplete="off"
              onChange={(e) => set({ memo: e.target.value })}
            />
          </Form.Item>
          <Form.Item label={<span id="lv-entry-status-label">{t('records.entry.status')}</span>}>
            <div data-field="status">
              <Radio.Group
                aria-labelledby="lv-entry-status-label"
                value={draft.status}
                onChange={(e) => set({ status: e.target.value as RecordStatus })}
                optionType="button"
                options={RECORD_STATUSES.map((s) => ({ value: s, label: t(`records.status.${s}`) }))}
              />
            </div>
          </Form.Item>
          {/* Last: the status is where Enter saves, and the channel stays from record to record. */}
          <EntryChannelField value={draft.channel} onChange={(channel) => set({ channel })} />
        </Form>
        <EntryAlerts
          duplicate={duplicate?.message}
          onSaveAnyway={() => duplicate && void submit({ ...duplicate.input, allowDuplicate: true })}
          error={error}
          editing={editing !== undefined}
        />
      </div>
    </Drawer>
  );
}
