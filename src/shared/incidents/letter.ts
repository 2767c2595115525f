/**
 * The client notification letter (issue 17, Build 3): a template with `{placeholder}`s, kept
 * editable per language in compliance_templates; these default texts hold until someone edits
 * one. PIPL art. 57: what happened, which personal information, what the handler did, what the
 * individual can do, and how to reach the handler.
 */
import type { LetterLocale } from './contract';

export const LETTER_PLACEHOLDERS = [
  'client',
  'title',
  'foundAt',
  'whatHappened',
  'whichData',
  'recordCount',
  'actions',
  'advice',
  'contact',
  'date',
  'drill',
] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];

/** A template must name the client and say which data: a letter without them tells nobody anything. */
export const LETTER_REQUIRED: readonly LetterPlaceholder[] = ['client', 'whichData'];

export const TEMPLATE_KEY = (locale: LetterLocale) => `incident.letter.${locale}`;

export const DEFAULT_LETTERS: Record<LetterLocale, string> = {
  'zh-CN': `{drill}关于数据安全事件的告知函

尊敬的{client}：

我所于 {foundAt} 发现一起数据安全事件（{title}）。根据《个人信息保护法》第五十七条，现将有关情况告知如下。

一、发生了什么
{whatHappened}

二、涉及贵单位的哪些数据
{whichData}
（经核查，涉及贵单位支付记录 {recordCount} 条。）

三、我所已采取的措施
{actions}

四、建议贵单位采取的措施
{advice}

五、联系方式
如有任何疑问，请联系：{contact}

特此告知。

{date}`,
  en: `{drill}Notice of a data security incident

Dear {client},

On {foundAt} our office found a data security incident ({title}). As article 57 of the Personal Information Protection Law requires, we inform you as follows.

1. What happened
{whatHappened}

2. Which of your data it concerns
{whichData}
(We found {recordCount} of your payment records concerned.)

3. What our office has done
{actions}

4. What we recommend you do
{advice}

5. Contact
For any question, please contact: {contact}

{date}`,
};

export type LetterValues = Record<LetterPlaceholder, string>;

/** The template with every known placeholder filled; unknown `{words}` stay as written. */
export function fillLetter(template: string, values: LetterValues): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name as LetterPlaceholder] : whole,
  );
}

/** The first required placeholder a template lacks, or null. */
export function missingPlaceholder(template: string): LetterPlaceholder | null {
  return LETTER_REQUIRED.find((p) => !template.includes(`{${p}}`)) ?? null;
}
