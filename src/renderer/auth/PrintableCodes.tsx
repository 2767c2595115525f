import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../shared/contract';
import { shanghaiDate } from '../../shared/time';
import { client } from '../app/client';
import { useMfaT } from './mfa-i18n';

/**
 * The recovery codes as printed: only the codes, the user, the vault and the date (the print
 * stylesheet in mfa.css hides everything else, the QR code and secret above all).
 */
export function PrintableCodes(props: { codes: string[]; user: SessionInfo | null }) {
  const tm = useMfaT();
  const [vault, setVault] = useState('');
  useEffect(() => {
    client.app.info().then(
      (info) => setVault(info.vaultDir),
      () => setVault(''),
    );
  }, []);
  const who = props.user
    ? props.user.displayName && props.user.displayName !== props.user.username
      ? `${props.user.displayName}（${props.user.username}）`
      : props.user.username
    : '';
  return (
    <div className="lv-mfa-print" data-testid="mfa-print" aria-hidden="true">
      <h1>{tm('mfa.print.title')}</h1>
      <dl>
        <dt>{tm('mfa.print.user')}</dt>
        <dd>{who}</dd>
        <dt>{tm('mfa.print.vault')}</dt>
        <dd>{vault}</dd>
        <dt>{tm('mfa.print.date')}</dt>
        <dd>{shanghaiDate()}</dd>
      </dl>
      <ol translate="no">
        {props.codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <p>{tm('mfa.print.note')}</p>
    </div>
  );
}
