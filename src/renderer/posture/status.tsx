import { Tag } from 'antd';
import type { PostureStatus } from '../../shared/contract';
import { STATUS_WORDS } from '../../shared/posture/wording';
import { useLocale } from '../app/i18n';

/** antd's tag colours; grey ('default') for a fact not set up or unknown. */
export const STATUS_COLOR: Record<PostureStatus, string> = {
  green: 'success',
  amber: 'warning',
  red: 'error',
  unknown: 'default',
};

/** A fact's colour with its word (never colour alone). */
export function StatusTag(props: { status: PostureStatus }) {
  const [locale] = useLocale();
  return (
    <Tag color={STATUS_COLOR[props.status]} data-status={props.status}>
      {STATUS_WORDS[props.status][locale]}
    </Tag>
  );
}
