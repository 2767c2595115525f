import { Alert, Button, Flex, Form, Input, Spin, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { MfaEnrolment as Enrolment, VaultStatus } from '../../shared/contract';
import { client } from '../app/client';
import { useVaultStatus } from '../app/session';
import { useT } from './i18n';
import { useMfaT } from './mfa-i18n';
import { PrintableCodes } from './PrintableCodes';
import './mfa.css';
import { ErrorAlert, FormError } from '../app/ErrorAlert';

/** "JBSWY3DPEHPK3PXP" as groups of four, the way authenticator apps show a key typed by hand. */
/**
 * The first enrolment of a screen: the pending one if there is one, else a new one. Shared by
 * screens mounted at the same moment (a route change remounts this one), so that two of them
 * never each begin an enrolment and show a secret the other has already replaced.
 */
let firstEnrolment: Promise<Enrolment> | null = null;
function resumeOrBegin(begin: () => Promise<Enrolment>): Promise<Enrolment> {
  firstEnrolment ??= client.account
    .mfaPending()
    .then((pending) => pending ?? begin())
    .finally(() => {
      firstEnrolment = null;
    });
  return firstEnrolment;
}

export function secretGroups(secret: string): string[] {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];
}

interface CodeValues {
  code: string;
}

/**
 * Two-step verification enrolment: starts it (a new secret and 10 recovery codes from the core),
 * shows the QR code, the key in groups of four and the recovery codes once, and confirms with a
 * first code from the app. The secret and codes live only in this component's state. An
 * enrolment begun before a reload is picked up again (same secret: the app that scanned it
 * keeps working); its recovery codes are not shown again, and the screen says so.
 */
export function MfaEnrolment(props: { onDone: (status: VaultStatus) => void; onCancel?: () => void }) {
  const { onDone, onCancel } = props;
  const t = useT();
  const tm = useMfaT();
  const user = useVaultStatus()?.user ?? null;
  const [form] = Form.useForm<CodeValues>();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [beginError, setBeginError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const codeRef = useRef<InputRef>(null);
  const started = useRef(-1);

  // One enrolment per attempt: beginning again replaces the secret (and the recovery codes).
  // The first attempt resumes a pending one if there is one, instead of a secret the app lacks.
  // (A ref, not a cleanup flag: StrictMode's second effect run must not start a second one.)
  useEffect(() => {
    if (started.current === attempt) return;
    started.current = attempt;
    setBeginError(null);
    const begin = () => client.account.mfaBegin();
    const first = attempt === 0 ? resumeOrBegin(begin) : begin();
    first.then(setEnrolment, setBeginError);
  }, [attempt]);
  const resumed = enrolment !== null && enrolment.recoveryCodes.length === 0;

  // The cursor waits in the code field, without scrolling the QR code out of view.
  useEffect(() => {
    if (enrolment || error) codeRef.current?.focus({ preventScroll: !error });
  }, [enrolment, error]);

  const onFinish = async ({ code }: CodeValues) => {
    setError(null);
    setBusy(true);
    try {
      const status = await client.account.mfaConfirm({ code: code.trim() });
      setEnrolment(null);
      onDone(status);
    } catch (err) {
      setError(err);
      setBusy(false);
      form.setFieldValue('code', '');
    }
  };

  if (beginError) {
    return (
      <Flex vertical gap="middle" align="flex-start">
        <ErrorAlert error={beginError} title={t('mfa.enrol.failed')} />
        <Button onClick={() => setAttempt((n) => n + 1)}>{t('common.retry')}</Button>
      </Flex>
    );
  }
  if (!enrolment) {
    return (
      <div className="lv-loading" role="status">
        <Spin description={t('mfa.enrol.loading')} />
      </div>
    );
  }

  return (
    <div className="lv-mfa">
      <section aria-labelledby="lv-mfa-step1">
        <Typography.Title level={4} className="lv-step-title" id="lv-mfa-step1">
          {t('mfa.enrol.step1')}
        </Typography.Title>
        <div className="lv-mfa-scan">
          <img className="lv-mfa-qr" src={enrolment.qrDataUrl} alt={t('mfa.enrol.qrAlt')} width={184} height={184} />
          <div className="lv-mfa-manual">
            <Typography.Paragraph type="secondary">{t('mfa.enrol.manual')}</Typography.Paragraph>
            <div
              className="lv-mfa-secret lv-mono"
              data-testid="mfa-secret"
              aria-label={t('mfa.enrol.secret')}
              role="group"
              translate="no"
              spellCheck={false}
            >
              {secretGroups(enrolment.secret).map((group, index) => (
                <span key={index}>{group}</span>
              ))}
            </div>
          </div>
        </div>
      </section>

      <section aria-labelledby="lv-mfa-step2">
        <Typography.Title level={4} className="lv-step-title" id="lv-mfa-step2">
          {t('mfa.enrol.step2')}
        </Typography.Title>
        {resumed ? (
          <Flex vertical gap="small" align="flex-start" data-testid="mfa-resumed">
            <Alert type="info" showIcon title={tm('mfa.resume.note')} />
            <Button
              onClick={() => {
                setEnrolment(null);
                setAttempt((n) => n + 1);
              }}
            >
              {tm('mfa.resume.restart')}
            </Button>
          </Flex>
        ) : (
          <>
            <Alert type="warning" showIcon title={t('mfa.enrol.codesNote')} className="lv-alert-gap" />
            <ol className="lv-mfa-codes lv-mono" data-testid="mfa-recovery-codes" translate="no">
              {enrolment.recoveryCodes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ol>
            <Button className="lv-mfa-print-button" onClick={() => window.print()}>
              {tm('mfa.codes.print')}
            </Button>
            <PrintableCodes codes={enrolment.recoveryCodes} user={user} />
          </>
        )}
      </section>

      <section aria-labelledby="lv-mfa-step3">
        <Typography.Title level={4} className="lv-step-title" id="lv-mfa-step3">
          {t('mfa.enrol.step3')}
        </Typography.Title>
        <FormError error={error} title={t('mfa.enrol.failed')} />
        <Form<CodeValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          validateTrigger="onSubmit"
          disabled={busy}
          onFinish={(values) => void onFinish(values)}
        >
          <Form.Item
            name="code"
            label={t('mfa.enrol.code')}
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('mfa.enrol.codeInvalid') }]}
          >
            <Input
              ref={codeRef}
              className="lv-mfa-code-input lv-mono"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              spellCheck={false}
            />
          </Form.Item>
          <Flex gap="small" wrap>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('mfa.enrol.confirm')}
            </Button>
            {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
          </Flex>
        </Form>
      </section>
    </div>
  );
}
