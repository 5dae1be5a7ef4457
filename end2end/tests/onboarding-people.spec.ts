import { test, expect } from '@playwright/test';
import { signIn, waitForHydration, shoot } from './helpers';

// An officer of Kabupaten Magetan invites a new institution manager; the manager sets a password
// through the one-time link in a browser of their own and signs in; the link does not work twice;
// the officer deactivates the account and the manager's open session ends at once.
test('an officer invites a manager, who sets a password once; deactivation ends the session', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  // Both tablet projects run against one database: each makes its own person.
  const username = `siti.${info.project.name.replace(/[^a-z]/g, '')}.${Date.now() % 100000}`;
  const password = 'kata-sandi-siti-2026';

  await signIn(page, 'dinsos.magetan');
  // A region holds many institutions (other specs import dozens): the choice is narrowed by name first.
  await page.goto('/people?institution=Muhammadiyah');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Pengguna', level: 1 })).toBeVisible();
  const form = page.getByTestId('new-account');
  await form.locator('input[name="full_name"]').fill('Siti Rahayu');
  await form.locator('input[name="username"]').fill(username);
  await form.locator('select[name="role"]').selectOption('institution_manager');
  await form.locator('select[name="institution_id"]').selectOption({ label: 'LKSA Muhammadiyah Magetan — Kabupaten Magetan' });
  await form.getByRole('button', { name: 'Buat akun dan tautan undangan' }).click();
  const issued = page.getByTestId('issued-link');
  await expect(issued).toContainText('Tautan untuk Siti Rahayu');
  const link = await page.getByTestId('invite-link').inputValue();
  expect(link).toMatch(/\/invite\/[0-9a-f]{64}$/);
  const row = page.locator(`tr[data-username="${username}"]`);
  await expect(row.getByTestId('account-status')).toHaveText('Diundang');
  await shoot(page, 'people', info.project.name, true);

  // The manager, on a device of their own.
  const manager = await (await browser.newContext({ locale: 'id-ID' })).newPage();
  await manager.goto(link);
  await expect(manager.getByRole('heading', { name: 'Buat kata sandi' })).toBeVisible();
  await expect(manager.getByTestId('invite-who')).toContainText(username);
  await waitForHydration(manager);
  await manager.getByLabel('Kata sandi baru', { exact: true }).fill(password);
  await manager.getByLabel('Ulangi kata sandi baru').fill(password);
  await manager.getByRole('button', { name: 'Simpan kata sandi' }).click();
  await expect(manager).toHaveURL(/\/login\?/);
  await expect(manager.getByText('Kata sandi sudah disimpan. Silakan masuk.')).toBeVisible();
  await manager.getByLabel('Nama pengguna').fill(username);
  await manager.getByLabel('Kata sandi', { exact: true }).fill(password);
  await manager.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(manager).toHaveURL(/\/$/);
  await expect(manager.getByText('LKSA Muhammadiyah Magetan').first()).toBeVisible();

  // The link works once.
  const again = await manager.context().newPage();
  await again.goto(link);
  await expect(again.getByTestId('invite-problem')).toContainText('Tautan ini sudah dipakai');
  await again.close();

  // The officer deactivates the account: the manager's open session stops at once.
  await page.goto('/people');
  await waitForHydration(page);
  await expect(row.getByTestId('account-status')).toHaveText('Aktif');
  await row.getByRole('button', { name: 'Nonaktifkan' }).click();
  await expect(row.getByTestId('account-status')).toHaveText('Nonaktif');
  await manager.goto('/');
  await expect(manager).toHaveURL(/\/login/);
  await manager.context().close();
});
