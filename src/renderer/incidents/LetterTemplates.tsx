import { Button, Card, Collapse, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { LetterLocale } from '../../shared/contract';
import { formatShanghai } from '../../shared/time';
import { client } from '../app/client';
import { PanelTitle } from '../app/PanelTitle';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';
import { useAction } from './use-action';

const LOCALE_LABEL: Record<LetterLocale, string> = { 'zh-CN': '中文', en: 'English' };

/** The office's letter texts, one per language; folded away, since they change rarely. */
export function LetterTemplates(props: { canManage: boolean }) {
  const t = useT();
  const loaded = useLoad(client.incidents.templates);
  const { busy, run } = useAction();
  const [drafts, setDrafts] = useState<Partial<Record<LetterLocale, string>>>({});
  const data = loaded.data;
  useEffect(() => setDrafts({}), [data]);
  if (!data) return null;
  const save = async (locale: LetterLocale) => {
    const body = drafts[locale];
    if (body === undefined) return;
    const next = await run(
      locale,
      () => client.incidents.saveTemplate({ locale, body }),
      t('incidents.templates.saved'),
    );
    if (next) loaded.setData(next);
  };
  const items = data.templates.map((tpl) => ({
    key: tpl.locale,
    label: `${LOCALE_LABEL[tpl.locale]} · ${
      tpl.edited && tpl.updatedAt
        ? t('incidents.templates.edited', { at: formatShanghai(tpl.updatedAt) })
        : t('incidents.templates.default')
    }`,
    children: (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          aria-label={`${t('incidents.templates.title')} ${LOCALE_LABEL[tpl.locale]}`}
          rows={12}
          value={drafts[tpl.locale] ?? tpl.body}
          readOnly={!props.canManage}
          onChange={(e) => setDrafts({ ...drafts, [tpl.locale]: e.target.value })}
          className="lv-incident-template"
        />
        {props.canManage ? (
          <Button
            onClick={() => void save(tpl.locale)}
            loading={busy === tpl.locale}
            disabled={drafts[tpl.locale] === undefined}
          >
            {t('incidents.templates.save')}
          </Button>
        ) : null}
      </Space>
    ),
  }));
  return (
    <Card title={<PanelTitle>{t('incidents.templates.title')}</PanelTitle>} className="lv-panel" size="small">
      <Typography.Paragraph type="secondary">
        {t('incidents.templates.placeholders', { list: data.placeholders.map((p) => `{${p}}`).join(' ') })}
      </Typography.Paragraph>
      <Collapse size="small" items={items} />
    </Card>
  );
}
