import { describe, expect, it } from 'vitest';
import { POSTURE_FACT_IDS } from '../../src/shared/posture/contract';
import {
  FACT_MAPPING,
  FRAMEWORK_ITEMS,
  REPORT_SECTIONS,
  factsOfClause,
  factsOfSection,
  type FrameworkId,
} from '../../src/shared/report/mapping';
import { REGISTER_LINES, REPORT_WORDS } from '../../src/shared/report/wording';

/**
 * The evidence report's mapping (issue 17, Build 10): every posture fact is shown in a section of
 * the office's measures and cited for at least one framework clause; every clause the issue
 * names is evidenced by at least one fact.
 */
describe('evidence report mapping', () => {
  it('maps every posture fact to a section and to at least one framework clause', () => {
    const unmapped = POSTURE_FACT_IDS.filter((id) => {
      const m = FACT_MAPPING[id];
      return m.sections.length === 0 || m.pci.length + m.gbt.length + m.pipl.length + m.archives.length === 0;
    });
    expect(unmapped).toEqual([]);
    const shown = new Set(REPORT_SECTIONS.flatMap((s) => factsOfSection(s.id, POSTURE_FACT_IDS)));
    expect([...shown].sort()).toEqual([...POSTURE_FACT_IDS].sort());
  });

  it('evidences each clause the issue names: PCI DSS 3, 7, 8, 10, 12.10; GB/T 22239 identity, access, audit, backup; PIPL 51, 57; 会计档案管理办法', () => {
    const named: [FrameworkId, string][] = [
      ['pci', '3'],
      ['pci', '7'],
      ['pci', '8'],
      ['pci', '10'],
      ['pci', '12.10'],
      ['gbt', 'identity'],
      ['gbt', 'access'],
      ['gbt', 'audit'],
      ['gbt', 'backup'],
      ['pipl', '51'],
      ['pipl', '57'],
      ['archives', 'retention'],
    ];
    for (const [fw, item] of named) {
      expect(FRAMEWORK_ITEMS[fw][item], `${fw} ${item} is listed`).toBeDefined();
      expect(factsOfClause(fw, item, POSTURE_FACT_IDS).length, `${fw} ${item} has evidence`).toBeGreaterThan(0);
    }
    // And no clause is listed without evidence.
    for (const fw of Object.keys(FRAMEWORK_ITEMS) as FrameworkId[])
      for (const item of Object.keys(FRAMEWORK_ITEMS[fw]))
        expect(factsOfClause(fw, item, POSTURE_FACT_IDS).length, `${fw} ${item}`).toBeGreaterThan(0);
  });

  it('answers the seed sections of the organisational measures (五 八 十 十一 十四 十六 十八 十九 二十)', () => {
    const seeds = new Set<string>(REPORT_SECTIONS.flatMap((s) => [...s.seed]));
    for (const s of ['二', '三', '四', '五', '八', '十', '十一', '十二', '十四', '十六', '十八', '十九', '二十'])
      expect(seeds.has(s), s).toBe(true);
  });

  it('words every heading and register line in both languages', () => {
    for (const pair of [...Object.values(REPORT_WORDS), ...Object.values(REGISTER_LINES)]) {
      expect(pair['zh-CN'].length).toBeGreaterThan(0);
      expect(pair.en.length).toBeGreaterThan(0);
    }
  });
});
