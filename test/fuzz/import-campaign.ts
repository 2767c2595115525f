/**
 * The importer's fuzz targets (issue 14 Must show): one per format, each with its seeds, the
 * committed fixtures and, when ../shared/corpus exists beside the repository, the corpus files
 * of that format (read where they are, never copied), and the mutators for its kind of file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FormatId } from '../../src/core/import/types';
import type { CampaignTarget, Seed } from './campaign';
import { textMutators, type Mutator } from './mutators';
import { cfbMutators, zipMutators } from './sheet-mutators';

const REPO = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(REPO, 'test/fixtures');
export const CORPUS = path.resolve(REPO, '../shared/corpus');
const CHECKS = path.join(import.meta.dirname, 'import-targets.ts');

const TABLE = textMutators('table');
const TEXT = textMutators('text');
const XML = textMutators('xml');
// Cell text twice: most damage to a zip is refused whole, a changed cell reaches the readers.
const ZIP = [...Object.values(zipMutators), zipMutators.cellText!, zipMutators.cellText!];
const CFB = Object.values(cfbMutators);

function fixture(rel: string, format: FormatId, extra: Partial<Seed> = {}): Seed {
  return { name: rel, bytes: readFileSync(path.join(FIXTURES, rel)), meta: { format }, ...extra };
}

/** The corpus files under `dir` whose names pass `keep`, with their format. */
function corpus(dir: string, keep: (name: string, bytes: Buffer) => FormatId | undefined): Seed[] {
  const at = path.join(CORPUS, dir);
  if (!existsSync(at)) return [];
  return readdirSync(at)
    .sort()
    .flatMap((name) => {
      const bytes = readFileSync(path.join(at, name));
      const format = keep(name, bytes);
      return format ? [{ name: `corpus:${dir}/${name}`, bytes, meta: { format } }] : [];
    });
}

/** deb-sig_icbc-debit-v2.csv -> icbc. */
const bankOf = (name: string) => /^(?:deb-sig_)?([a-z]+)-/.exec(name)?.[1] as FormatId | undefined;
const isSgml = (b: Buffer) => b.subarray(0, 400).toString('latin1').includes('OFXHEADER:100');
const sheetMutators = (name: string): readonly Mutator[] => (name.endsWith('.xls') ? CFB : ZIP);

export function importTargets(pipelineEvery?: number): CampaignTarget[] {
  const target = (name: string, seeds: Seed[], mutators: readonly Mutator[]): CampaignTarget => ({
    name,
    module: CHECKS,
    check: 'import',
    seeds,
    mutators,
    pipelineEvery,
  });
  const mapping = JSON.parse(readFileSync(path.join(FIXTURES, 'fuzz/generic-mapping.json'), 'utf8')) as unknown;
  const bankFixtures = readdirSync(path.join(FIXTURES, 'import/bank'))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => fixture(`import/bank/${f}`, bankOf(f)!));
  return [
    target(
      'alipay',
      [
        fixture('import/alipay-2023.csv', 'alipay'),
        fixture('import/pipeline/alipay-march.csv', 'alipay'),
        fixture('import/pipeline/alipay-april.csv', 'alipay'),
        ...corpus('alipay', () => 'alipay'),
      ],
      TABLE,
    ),
    target(
      'wechat-csv',
      [fixture('import/wechat.csv', 'wechat'), ...corpus('wechat', (n) => (n.endsWith('.csv') ? 'wechat' : undefined))],
      TABLE,
    ),
    target(
      'wechat-xlsx',
      [fixture('fuzz/wechat.xlsx', 'wechat'), ...corpus('wechat', (n) => (n.endsWith('.xlsx') ? 'wechat' : undefined))],
      ZIP,
    ),
    target(
      'bank-csv',
      [...bankFixtures, ...corpus('bank-cn', (n) => (n.endsWith('.csv') ? bankOf(n) : undefined))],
      TABLE,
    ),
    target(
      'bank-sheet',
      [
        fixture('fuzz/icbc-debit.xlsx', 'icbc', { mutators: ZIP }),
        fixture('fuzz/cmb-debit.xls', 'cmb', { mutators: CFB }),
        ...corpus('bank-cn', (n) => (/\.xlsx?$/.test(n) ? bankOf(n) : undefined)).map((s) => ({
          ...s,
          mutators: sheetMutators(s.name),
        })),
      ],
      ZIP,
    ),
    target(
      'generic-csv',
      [
        fixture('fuzz/generic-signed.csv', 'csv'),
        fixture('fuzz/generic.csv', 'csv', { meta: { format: 'csv', mapping } }),
      ],
      TABLE,
    ),
    target(
      'camt053',
      [
        fixture('import/intl/camt053-small.xml', 'camt053'),
        fixture('import/intl/camt053-bomb.xml', 'camt053'),
        fixture('import/intl/camt053-xxe.xml', 'camt053'),
        ...corpus('camt053', () => 'camt053'),
      ],
      XML,
    ),
    target(
      'ofx-sgml',
      [fixture('import/intl/ofx-v1-sgml.ofx', 'ofx'), ...corpus('ofx', (_, b) => (isSgml(b) ? 'ofx' : undefined))],
      [...TEXT, ...XML],
    ),
    target(
      'ofx-xml',
      [fixture('import/intl/ofx-v2.ofx', 'ofx'), ...corpus('ofx', (_, b) => (isSgml(b) ? undefined : 'ofx'))],
      XML,
    ),
    target(
      'qif',
      [
        fixture('import/intl/qif-dmy.qif', 'qif'),
        fixture('import/pipeline/repeats.qif', 'qif'),
        ...corpus('qif', () => 'qif'),
      ],
      TEXT,
    ),
    target('mt940', [fixture('import/intl/mt940-de.sta', 'mt940'), ...corpus('mt940', () => 'mt940')], TEXT),
  ];
}
