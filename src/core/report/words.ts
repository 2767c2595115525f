/**
 * The evidence report's words, fixed at generation and signed with the facts (issue 17, Build 10).
 * The visible file is generated from these, not from the app's wording files, so a report made
 * today still verifies after a later version rewords a posture fact or remaps a clause: only the
 * page template (render-html.ts, versioned by REPORT_FORMAT) must stay as it was.
 */
import { z } from 'zod';
import { POSTURE_FACT_IDS, POSTURE_STATUSES, type PostureFact } from '../../shared/posture/contract';
import { STATUS_WORDS, describeFact } from '../../shared/posture/wording';
import type { RegisterSummary, ReportLang } from '../../shared/report/contract';
import {
  FACT_MAPPING,
  FRAMEWORK_ITEMS,
  FRAMEWORK_TITLES,
  REPORT_SECTIONS,
  factsOfClause,
  factsOfSection,
  type FrameworkId,
} from '../../shared/report/mapping';
import { REPORT_WORDS, registerLineLabel, registerLineValue } from '../../shared/report/wording';

const factId = z.enum(POSTURE_FACT_IDS);

export const reportWordsSchema = z.strictObject({
  labels: z.record(z.string(), z.string()),
  statuses: z.record(z.enum(POSTURE_STATUSES), z.string()),
  facts: z.array(
    z.strictObject({
      id: factId,
      title: z.string(),
      status: z.string(),
      value: z.string(),
      detail: z.string(),
      refs: z.array(z.string()),
    }),
  ),
  sections: z.array(
    z.strictObject({
      id: z.string(),
      heading: z.string(),
      facts: z.array(factId),
      /** null: the section has no register; `missing`: it has one that could not be read. */
      register: z
        .union([
          z.literal('missing'),
          z.strictObject({ id: z.string(), lines: z.array(z.tuple([z.string(), z.string()])) }),
        ])
        .nullable(),
    }),
  ),
  clauses: z.array(
    z.strictObject({ framework: z.string(), id: z.string(), clause: z.string(), facts: z.array(factId) }),
  ),
});
export type ReportWords = z.infer<typeof reportWordsSchema>;

function refsOf(f: PostureFact, lang: ReportLang): string[] {
  const m = FACT_MAPPING[f.id];
  const parts: string[] = [];
  if (m.pci.length) parts.push(`PCI DSS ${m.pci.join(', ')}`);
  if (m.gbt.length) parts.push(`GB/T 22239 ${m.gbt.map((g) => FRAMEWORK_ITEMS.gbt[g]![lang]).join('、')}`);
  if (m.pipl.length) parts.push(lang === 'en' ? `PIPL art. ${m.pipl.join(', ')}` : `个保法第 ${m.pipl.join(', ')} 条`);
  if (m.archives.length) parts.push(FRAMEWORK_TITLES.archives[lang]);
  return parts;
}

export function reportWords(facts: PostureFact[], registers: RegisterSummary[], lang: ReportLang): ReportWords {
  const labels: Record<string, string> = {};
  for (const [key, pair] of Object.entries(REPORT_WORDS)) labels[key] = pair[lang];
  const present = new Set(facts.map((f) => f.id));
  const ordered = POSTURE_FACT_IDS.filter((id) => present.has(id));
  return {
    labels,
    statuses: {
      green: STATUS_WORDS.green[lang],
      amber: STATUS_WORDS.amber[lang],
      red: STATUS_WORDS.red[lang],
      unknown: STATUS_WORDS.unknown[lang],
    },
    facts: facts.map((f) => {
      const w = describeFact(f, lang);
      return { id: f.id, title: w.title, status: w.status, value: w.value, detail: w.detail, refs: refsOf(f, lang) };
    }),
    sections: REPORT_SECTIONS.map((s, i) => {
      const summary = s.register ? registers.find((r) => r.register === s.register) : undefined;
      return {
        id: s.id,
        heading: `${i + 1}. ${s.title[lang]}${s.seed.length ? `（${labels.seed} ${s.seed.join('、')}）` : ''}`,
        facts: factsOfSection(s.id, ordered),
        register: !s.register
          ? null
          : summary
            ? {
                id: s.register,
                lines: summary.lines.map(
                  (l) => [registerLineLabel(l.key, lang), registerLineValue(l.value, lang)] as [string, string],
                ),
              }
            : 'missing',
      };
    }),
    clauses: (Object.keys(FRAMEWORK_ITEMS) as FrameworkId[]).flatMap((fw) =>
      Object.entries(FRAMEWORK_ITEMS[fw]).map(([id, words]) => ({
        framework: FRAMEWORK_TITLES[fw][lang],
        id: `${fw}:${id}`,
        clause: words[lang],
        facts: factsOfClause(fw, id, ordered),
      })),
    ),
  };
}
