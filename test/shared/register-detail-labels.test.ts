import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detailFields, detailLabel } from '../../src/shared/audit/detail-labels';

/**
 * The compliance registers' audit events read as labelled fields in both languages (销毁申请编号：3),
 * not as raw keys: every key the registers' core code writes into an event's details has a label.
 * The keys are read from the source (`details: { ... }` literals of those folders).
 */
const REGISTERS = [
  'review',
  'incidents',
  'people',
  'agreements',
  'partners',
  'risks',
  'internal-audit',
  'retention',
  'documents',
  'report',
];

function writtenKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const dir of REGISTERS) {
    const folder = path.resolve(__dirname, '../../src/core', dir);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(path.join(folder, file), 'utf8');
      for (const literal of text.matchAll(/details: \{([^}]*)\}/g))
        for (const entry of literal[1]!.split(',')) {
          const key = /^\s*([a-zA-Z]+)\s*(?::|$)/.exec(entry)?.[1];
          if (key) keys.set(key, `${dir}/${file}`);
        }
    }
  }
  return keys;
}

describe('audit detail labels of the compliance registers', () => {
  it('every detail key the registers write has a Chinese and an English label', () => {
    const keys = writtenKeys();
    // The scan finds the registers' keys (a purge's request and counts, a training's attendees).
    expect([...keys.keys()]).toEqual(expect.arrayContaining(['request', 'records', 'attendees', 'severity']));
    const missing = [...keys].filter(([key]) => !detailLabel('', key, 'zh-CN') || !detailLabel('', key, 'en'));
    expect(missing).toEqual([]);
  });

  it('a purge reads as fields an auditor understands', () => {
    const fields = detailFields(
      'retention.purge',
      { request: 3, records: 2, history: 5, requestedBy: 'zhaomin' },
      'zh-CN',
    );
    expect(fields.map((f) => `${f.label}：${f.value}`)).toEqual([
      '销毁申请编号：3',
      '记录数：2',
      '修改历史条数：5',
      '申请人：zhaomin',
    ]);
    expect(detailFields('incident.add', { isDrill: true }, 'en')).toEqual([
      { key: 'isDrill', label: 'Drill', value: 'yes' },
    ]);
  });
});
