import { Button, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { PeriodAccount } from '../../shared/contract';
import { formatAmount } from '../../shared/money';
import { client } from '../app/client';
import { ErrorAlert } from '../app/ErrorAlert';
import { usePeriodT } from './period-i18n';

/**
 * 设置期初余额 for one payment account: the amount (negative for an overdraft) and the day it
 * holds at the start of. The core checks the grant and audits the old and new values.
 */
export function OpeningBalanceModal(props: {
  account: PeriodAccount | null;
  label: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = usePeriodT();
  const { account } = props;
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!account) return;
    setAmount(
      account.openingBalanceDate
        ? formatAmount(account.openingBalanceMinor ?? 0, account.currency).replace(/,/g, '')
        : '',
    );
    setDate(account.openingBalanceDate ?? '');
    setError(null);
  }, [account]);

  const save = async (clear: boolean) => {
    if (!account) return;
    setBusy(true);
    setError(null);
    try {
      await client.accounts.update({
        id: account.accountId,
        openingBalance: clear ? null : amount,
        openingBalanceDate: clear ? null : date,
      });
      props.onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={account !== null}
      title={t('period.setOpening.for', { account: props.label })}
      onCancel={props.onClose}
      destroyOnHidden
      footer={[
        <Button key="clear" disabled={busy || !account?.openingBalanceDate} onClick={() => void save(true)}>
          {t('period.opening.clear')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => void save(false)}>
          {t('period.setOpening')}
        </Button>,
      ]}
    >
      <Form layout="vertical" onFinish={() => void save(false)}>
        <Form.Item label={t('period.opening.amount')} htmlFor="lv-opening-amount">
          <Input
            id="lv-opening-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('period.opening.date')} htmlFor="lv-opening-date">
          <Input id="lv-opening-date" placeholder="2024-03-01" value={date} onChange={(e) => setDate(e.target.value)} />
        </Form.Item>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
      {error !== null && <ErrorAlert error={error} title={t('period.setOpening')} />}
    </Modal>
  );
}
