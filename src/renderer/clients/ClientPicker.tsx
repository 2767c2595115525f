import { Select } from 'antd';
import { forwardRef, useMemo } from 'react';
import type { ClientSummary } from '../../shared/contract';
import { clientMatches } from '../../shared/clients/client-search';

/** The value of the "all clients" entry, when the picker offers one (no client id is 0). */
export const ALL_CLIENTS = 0;

type SelectRef = React.ComponentRef<typeof Select>;

/**
 * Choosing a client, as staff look one up: type part of the name, its pinyin ("hangzhou") or its
 * initials ("hzmd"). The list keeps the order it is given (the core sorts by pinyin). Used by the
 * records screen's client switcher (with 全部客户) and the entry form (where the client is
 * required and nothing is chosen for the user). The words come from the caller's screen.
 */
export const ClientPicker = forwardRef<
  SelectRef,
  {
    clients: readonly ClientSummary[];
    value: number | undefined;
    onChange: (id: number) => void;
    /** The label of an "all clients" entry (value ALL_CLIENTS); none when absent. */
    allLabel?: string;
    placeholder?: string;
    notFound: string;
    id?: string;
    'aria-label'?: string;
    'aria-required'?: boolean;
    'aria-invalid'?: boolean;
    className?: string;
    status?: 'error';
    onBlur?: () => void;
    'data-testid'?: string;
  }
>(function ClientPicker(props, ref) {
  const options = useMemo(
    () => [
      ...(props.allLabel !== undefined ? [{ value: ALL_CLIENTS, label: props.allLabel, name: '' }] : []),
      ...props.clients.map((c) => ({ value: c.id, label: c.name, name: c.name })),
    ],
    [props.clients, props.allLabel],
  );
  return (
    <Select<number, (typeof options)[number]>
      ref={ref}
      id={props.id}
      aria-label={props['aria-label']}
      aria-required={props['aria-required']}
      aria-invalid={props['aria-invalid']}
      data-testid={props['data-testid']}
      className={props.className}
      status={props.status}
      value={props.value}
      placeholder={props.placeholder}
      onChange={props.onChange}
      onBlur={props.onBlur}
      options={options}
      notFoundContent={props.notFound}
      popupMatchSelectWidth={false}
      classNames={{ popup: { root: 'lv-client-picker-popup' } }}
      showSearch={{
        // "全部客户" stays findable by its own words; clients by name, pinyin and initials.
        filterOption: (typed, option) =>
          option !== undefined &&
          (option.value === ALL_CLIENTS
            ? String(option.label).includes(typed.trim())
            : clientMatches(option.name, typed)),
      }}
    />
  );
});
