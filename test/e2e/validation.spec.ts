import { expect, screenshot, test } from './fixtures';

test('the setup form explains bad input in Chinese before calling the core', async ({ page, harness }) => {
  const calls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/__harness/ipc/vault%3Acreate')) calls.push(request.url());
  });
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: '创建保险库' })).toBeVisible();

  // Nothing filled in.
  await page.getByRole('button', { name: '创建保险库' }).click();
  await expect(page.getByText('此项为必填项。')).toHaveCount(3);

  // A bad user name, a short password and a confirmation that does not match.
  await page.getByLabel('管理员用户名').fill('王 经理!');
  await page.getByLabel('密码', { exact: true }).fill('abc123');
  await page.getByLabel('确认密码').fill('abc124');
  await page.getByRole('button', { name: '创建保险库' }).click();
  await expect(page.getByText('用户名须为 2 到 64 个字母、数字、点、下划线或连字符。')).toBeVisible();
  await expect(page.getByText('密码至少需要 12 个字符。')).toBeVisible();
  await expect(page.getByText('两次输入的密码不一致。')).toBeVisible();
  await screenshot(page, '11-setup-validation');

  // Long enough but letters only; then one containing the user name.
  await page.getByLabel('管理员用户名').fill('wangjingli');
  await page.getByLabel('密码', { exact: true }).fill('abcdefghijklmn');
  await page.getByLabel('确认密码').fill('abcdefghijklmn');
  await page.getByRole('button', { name: '创建保险库' }).click();
  await expect(page.getByText('密码必须同时包含字母和数字。')).toBeVisible();
  await page.getByLabel('密码', { exact: true }).fill('wangjingli2024');
  await page.getByLabel('确认密码').fill('wangjingli2024');
  await page.getByRole('button', { name: '创建保险库' }).click();
  await expect(page.getByText('密码太容易被猜到（过于常见，或包含用户名）。')).toBeVisible();

  // Still on setup, and the core was never asked to create anything.
  await expect(page).toHaveURL(/#\/setup$/);
  expect(calls).toEqual([]);
});
