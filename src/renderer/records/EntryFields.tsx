/**
 * Parts of the entry form (RecordEntryDrawer): the client, first and required; the channel; and
 * the duplicate warning and error under the form.
 */
import { Alert, Button, Form, Select } from 'antd';
import { forwardRef } from 'react';
import type { ClientSummary } from '../../shared/contract';
import { PAYMENT_CHANNELS } from '../../shared/records/rules';
import { ClientPicker } from '../clients/ClientPicker';
import { describeError } from '../app/errors';
import { useLocale } from '../app/i18n';
import { useT } from './i18n';
import { isOneOf } from './record-format';

export type ClientFieldRef = React.ComponentRef<typeof ClientPicker>;

/** The record's client: searchable by name, pinyin and initials; its problem shown once touched. */
export const EntryClientField = forwardRef<
  ClientFieldRef,
  {
    clients: readonly ClientSummary[];
    value: number | undefined;
    problem: string | undefined;
    onChange: (id: number) => void;
    onBlur: () => void;
  }
>(function EntryClientField(props, ref) {
  const t = useT();
  return (
    <Form.Item
      label={t('records.entry.client')}
      htmlFor="lv-entry-client"
      required
      validateStatus={props.problem ? 'error' : undefined}
      help={props.problem ?? t('records.entry.client.help')}
    >
      <ClientPicker
        ref={ref}
        id="lv-entry-client"
        data-testid="entry-client"
        clients={props.clients}
        value={props.value}
        onChange={props.onChange}
        onBlur={props.onBlur}
        placeholder={t('records.entry.client.placeholder')}
        notFound={t('records.entry.client.none')}
        aria-required
        aria-invalid={props.problem !== undefined}
        status={props.problem ? 'error' : undefined}
      />
    </Form.Item>
  );
});

/** The payment channel (渠道): one of PAYMENT_CHANNELS, or an imported record's own text kept as is. */
export function EntryChannelField(props: { value: string; onChange: (channel: string) => void }) {
  const t = useT();
  const channels: string[] = [...PAYMENT_CHANNELS];
  if (props.value && !channels.includes(props.value)) channels.push(props.value);
  return (
    <Form.Item label={t('records.entry.channel')} htmlFor="lv-entry-channel">
      <Select<string>
        id="lv-entry-channel"
        data-testid="entry-channel"
        value={props.value || undefined}
        allowClear
        onChange={(v) => props.onChange(v ?? '')}
        options={channels.map((c) => ({
          value: c,
          label: isOneOf(PAYMENT_CHANNELS, c) ? t(`records.channel.${c}`) : c,
        }))}
      />
    </Form.Item>
  );
}

/** A likely duplicate (saved only when the user confirms), or why saving failed. */
export function EntryAlerts(props: {
  duplicate: string | undefined;
  onSaveAnyway: () => void;
  error: unknown;
  editing: boolean;
}) {
  const t = useT();
  const [locale] = useLocale();
  const failure = props.error !== null ? describeError(props.error, locale) : null;
  return (
    <>
      {props.duplicate !== undefined && (
        <Alert
          type="warning"
          showIcon
          data-testid="entry-duplicate"
          title={t('records.entry.duplicate')}
          description={props.duplicate}
          action={
            <Button size="small" danger autoFocus onClick={props.onSaveAnyway}>
              {t('records.entry.saveAnyway')}
            </Button>
          }
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          data-testid="entry-error"
          data-code={failure.code}
          title={
            props.editing && failure.code === 'E_CONFLICT' ? t('records.edit.conflict') : t('records.entry.failed')
          }
          description={failure.message}
        />
      )}
    </>
  );
}
