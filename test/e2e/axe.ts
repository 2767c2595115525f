/**
 * Accessibility checks any spec can call on the screen it is showing: an axe-core scan against
 * WCAG 2.1 A and AA that fails on serious or critical violations (naming each rule and the elements
 * it found), and the page structure a screen-reader user navigates by (one h1, a main landmark, a
 * window title that names the screen).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One line per violation: "rule (impact): what it means — target, target, ...". */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is now and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // Let antd's enter transitions (drawers, modals, fading alerts) finish: half-transparent text
  // would be measured at a contrast it never keeps.
  await page.waitForTimeout(400);
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
}

export function formatFindings(screenName: string, findings: AxeFinding[]): string {
  return findings
    .map((f) => `[${screenName}] ${f.rule} (${f.impact}): ${f.help}\n    ${f.targets.join('\n    ')}`)
    .join('\n');
}

/** Fails the test with every serious or critical axe violation on the current screen. */
export async function expectNoSeriousViolations(page: Page, screenName: string): Promise<void> {
  const findings = await seriousViolations(page);
  expect(findings.length, `axe violations on ${screenName}:\n${formatFindings(screenName, findings)}`).toBe(0);
}

/**
 * The screen's own title is its one h1, it sits in a main landmark, and the window title names
 * it in the current language (what a screen reader announces on switching windows).
 */
export async function expectPageStructure(page: Page, screenName: string): Promise<void> {
  // Only headings in the accessibility tree: a print-only sheet (aria-hidden) may have its own h1.
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1, `${screenName}: one h1`).toHaveCount(1);
  await expect(page.getByRole('main'), `${screenName}: one main landmark`).toHaveCount(1);
  const heading = (await h1.innerText()).trim();
  expect(heading, `${screenName}: the h1 has text`).not.toBe('');
  await expect(page, `${screenName}: the window title names the screen`).toHaveTitle(
    new RegExp(`^${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} - `),
  );
}
