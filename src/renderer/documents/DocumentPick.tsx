/**
 * A file kept in the vault (issue 17): choosing one (the core opens the system's open dialog and
 * checks the file; this screen only ever holds its handle) and saving a copy of a kept one (the
 * core opens the save dialog). Used by the registers that keep files: people, client agreements.
 */
import { App as AntApp, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import type { DocumentInfoView, PickedDocumentView, SavedDocumentView } from '../../shared/contract';
import { describeError } from '../app/errors';
import { defineStrings, useLocale } from '../app/i18n';

const useT = defineStrings(
  {
    'document.pick': '选择文件…',
    'document.pickAgain': '重新选择',
    'document.remove': '不附文件',
    'document.hint': 'PDF、PNG 或 JPEG，最大 20 MB，加密保存在保险库中。',
    'document.saved': '已保存到 {path}',
    'document.save': '另存副本…',
    'document.hidden': '已附文件（无此客户的密钥）',
  },
  {
    'document.pick': 'Choose file…',
    'document.pickAgain': 'Choose another',
    'document.remove': 'No file',
    'document.hint': 'PDF, PNG or JPEG, at most 20 MB, kept encrypted in the vault.',
    'document.saved': 'Saved to {path}',
    'document.save': 'Save a copy…',
    'document.hidden': 'A file is kept (no key for this client)',
  },
);

export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The pick button and, once picked, the file's name and size. */
export function DocumentPick(props: {
  value: PickedDocumentView | null;
  onChange: (picked: PickedDocumentView | null) => void;
  pick: () => Promise<PickedDocumentView | null>;
  testId: string;
}) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const choose = async () => {
    setBusy(true);
    try {
      const picked = await props.pick();
      if (picked) props.onChange(picked);
    } catch (err) {
      void message.error(describeError(err, locale).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={2}>
      <Space>
        <Button loading={busy} onClick={() => void choose()} data-testid={props.testId}>
          {props.value ? t('document.pickAgain') : t('document.pick')}
        </Button>
        {props.value ? (
          <>
            <Typography.Text data-testid={`${props.testId}-name`}>
              {props.value.name}（{sizeText(props.value.size)}）
            </Typography.Text>
            <Button type="link" size="small" onClick={() => props.onChange(null)}>
              {t('document.remove')}
            </Button>
          </>
        ) : null}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('document.hint')}
      </Typography.Text>
    </Space>
  );
}

/** A kept file's name as a link that saves a copy (audited by the core); its name hidden without the key. */
export function DocumentLink(props: { file: DocumentInfoView; save: () => Promise<SavedDocumentView> }) {
  const t = useT();
  const [locale] = useLocale();
  const { message } = AntApp.useApp();
  const save = async () => {
    try {
      const saved = await props.save();
      if (saved) void message.success(t('document.saved', { path: saved.path }));
    } catch (err) {
      void message.error(describeError(err, locale).message);
    }
  };
  // A client's file without the client's key: its name cannot be opened, nor its bytes.
  if (props.file.name === null)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('document.hidden')}
      </Typography.Text>
    );
  return (
    <Button
      type="link"
      size="small"
      title={t('document.save')}
      onClick={() => void save()}
      style={{ padding: 0, height: 'auto' }}
      data-file={props.file.id}
    >
      {props.file.name ?? `#${props.file.id}`}
    </Button>
  );
}
