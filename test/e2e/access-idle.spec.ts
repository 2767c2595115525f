/**
 * The idle lock, with the harness told to lock after 4 s without activity: the header counts
 * down, then the UI notices the lock by itself and explains it on the unlock screen.
 */
import { ADMIN, confirmKit, createVault, readRecoveryKey } from './helpers';
import { signIn } from './access-helpers';
import { expect, screenshot, test } from './fixtures';

test.use({ harnessEnv: { LEDGERVAULT_TEST_IDLE_MS: '4000' } });

test('after the idle timeout the UI shows the unlock screen and says why', async ({ page, harness }) => {
  await page.goto(harness.url);
  await createVault(page);
  await readRecoveryKey(page);
  await confirmKit(page);

  // Signed in (the admin's first screen is the MFA enrolment): the countdown stands out near the end.
  await expect(page.getByRole('heading', { name: '启用两步验证' })).toBeVisible();
  const countdown = page.getByTestId('idle-countdown');
  await expect(countdown).toHaveText(/^将于 00:0\d 后自动锁定$/);
  await expect(countdown).toHaveAttribute('data-soon', 'true');

  // Nobody touches anything: the vault locks itself and the UI follows without being asked.
  await expect(page).toHaveURL(/#\/unlock\?reason=idle$/, { timeout: 20_000 });
  const notice = page.getByTestId('lock-notice');
  await expect(notice).toContainText('保险库已自动锁定');
  await expect(notice).toContainText('因长时间未操作，保险库已自动锁定');
  await expect(page.getByLabel('用户名')).toBeFocused();
  await screenshot(page, '26-idle-locked');

  // Signing in again works as usual and lands where the session left off.
  await signIn(page, ADMIN);
  await expect(page.getByRole('heading', { name: '启用两步验证' })).toBeVisible();
});
