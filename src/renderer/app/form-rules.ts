/**
 * Form rules from the account rules the core enforces (src/shared/users/rules.ts), with the
 * core's own messages in the UI language, so that a form refuses exactly what the core would.
 */
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useMemo, useRef } from 'react';
import { DISPLAY_NAME_MAX, passwordProblem, usernameProblem } from '../../shared/users/rules';
import { inputMessage, type InputMessageKey, type MessageParams } from '../../shared/messages';
import { useLocale } from './i18n';

export interface FormRules {
  msg: (key: InputMessageKey, params?: MessageParams) => string;
  required: Rule;
  username: Rule[];
  displayName: Rule[];
  /** A new password for the account named by `usernameOf` (which the password may not contain). */
  password: (usernameOf: (getFieldValue: (name: string) => unknown) => string) => Rule[];
  /** The same value as the field `field`. */
  confirm: (field: string) => Rule[];
}

export function useFormRules(): FormRules {
  const [locale] = useLocale();
  return useMemo(() => {
    const msg = (key: InputMessageKey, params?: MessageParams) => inputMessage(key, locale, params);
    const fail = (key: InputMessageKey, params?: MessageParams) => Promise.reject(new Error(msg(key, params)));
    const required: Rule = { required: true, message: msg('field.required') };
    return {
      msg,
      required,
      username: [
        { ...required, whitespace: true },
        {
          validator: (_, value: string | undefined) => {
            if (!value?.trim()) return Promise.resolve();
            const problem = usernameProblem(value.trim());
            return problem ? fail(problem.key, problem.params) : Promise.resolve();
          },
        },
      ],
      displayName: [
        {
          validator: (_, value: string | undefined) =>
            [...(value ?? '').trim()].length > DISPLAY_NAME_MAX ? fail('displayName.tooLong') : Promise.resolve(),
        },
      ],
      password: (usernameOf) => [
        required,
        ({ getFieldValue }) => ({
          validator: (_, value: string | undefined) => {
            if (!value) return Promise.resolve();
            const problem = passwordProblem(value, usernameOf(getFieldValue).trim());
            return problem ? fail(problem.key, problem.params) : Promise.resolve();
          },
        }),
      ],
      confirm: (field) => [
        required,
        ({ getFieldValue }) => ({
          validator: (_, value: string | undefined) =>
            !value || value === getFieldValue(field) ? Promise.resolve() : fail('password.mismatch'),
        }),
      ],
    };
  }, [locale]);
}

/** Errors already on screen follow a language switch. */
export function useRevalidateOnLocale(form: FormInstance): void {
  const [locale] = useLocale();
  const firstLocale = useRef(locale);
  useEffect(() => {
    if (firstLocale.current === locale) return;
    firstLocale.current = locale;
    const shown = form
      .getFieldsError()
      .filter((field) => field.errors.length > 0)
      .map((field) => field.name);
    if (shown.length > 0) void form.validateFields(shown).catch(() => undefined);
  }, [locale, form]);
}
