/** What the recovery-kit and upgrade-report specs read off the screen, and their screenshots at both sizes. */
import type { Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from './fixtures';

const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');

/** The window sizes the issue names. */
export const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The root certificate fingerprint as shown: one string per line, groups separated by a space. */
export async function readFingerprint(page: Page): Promise<string[]> {
  const lines = page.getByTestId('root-fingerprint').locator('.lv-kit-fingerprint-line');
  await expect(lines.first()).toBeVisible();
  const texts: string[] = [];
  for (const line of await lines.all()) {
    texts.push((await line.locator('.lv-kit-fingerprint-group').allTextContents()).join(' '));
  }
  return texts;
}

/** test-results/screenshots/<name>-1366.png and -1920.png (whole page), then back to the first size. */
export async function screenshotsAt(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // Let antd's transitions settle at the new size.
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${size.width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}
