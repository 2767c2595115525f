import { Select } from 'antd';
import type { ImportEncoding, ImportFormat } from '../../shared/contract';
import { IMPORT_ENCODINGS, IMPORT_FORMAT_IDS } from '../../shared/import/contract';
import { useLocale } from '../app/i18n';
import { FORMAT_NAMES, useT } from './i18n';

export type FormatChoice = 'auto' | ImportFormat;
export type EncodingChoice = 'auto' | ImportEncoding;

/**
 * How the file is read, each choice overriding the detection: the format, the text encoding and,
 * for a statement file holding several accounts (camt.053, OFX, QIF, MT940), which account's
 * statements this import reads; the other accounts are imported on their own, one per import.
 */
export function ReadingOptions(props: {
  format: FormatChoice;
  onFormat: (f: FormatChoice) => void;
  encoding: EncodingChoice;
  onEncoding: (e: EncodingChoice) => void;
  /** Every account the file names, when more than one; the one read; and the choice. */
  accounts?: string[];
  account?: string;
  onAccount: (a: string) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const formatName = (f: string) => FORMAT_NAMES[f]?.[locale] ?? f;
  return (
    <>
      <label className="lv-import-field">
        <span>{t('import.format')}</span>
        <Select<FormatChoice>
          data-testid="import-format"
          className="lv-import-select"
          value={props.format}
          onChange={props.onFormat}
          options={[
            { value: 'auto', label: t('import.format.auto') },
            ...IMPORT_FORMAT_IDS.map((f) => ({ value: f, label: formatName(f) })),
          ]}
        />
      </label>
      <label className="lv-import-field">
        <span>{t('import.encoding')}</span>
        <Select<EncodingChoice>
          data-testid="import-encoding"
          className="lv-import-select"
          value={props.encoding}
          onChange={props.onEncoding}
          options={[
            { value: 'auto', label: t('import.encoding.auto') },
            ...IMPORT_ENCODINGS.map((e) => ({ value: e, label: e.toUpperCase() })),
          ]}
        />
      </label>
      {props.accounts && props.accounts.length > 1 && (
        <label className="lv-import-field">
          <span>{t('import.statementAccount', { count: props.accounts.length })}</span>
          <Select<string>
            data-testid="import-statement-account"
            className="lv-import-select"
            value={props.account}
            onChange={props.onAccount}
            options={props.accounts.map((a) => ({ value: a, label: a }))}
          />
        </label>
      )}
    </>
  );
}
