import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

test('the manager keeps the profile and legal documents up to date; bad numbers are explained', async ({ page }) => {
  await signIn(page, 'pengelola');
  await page.getByRole('link', { name: 'Profil lembaga', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Ubah profil dan dokumen legal' })).toBeVisible();
  await waitForHydration(page);

  const form = page.locator('form.profile-form');
  const boys = form.getByLabel('Anak laki-laki');
  const before = await boys.inputValue();
  await boys.fill(String(Number(before) + 5));
  await form.getByRole('button', { name: 'Simpan profil' }).click();
  await expect(page.getByRole('alert')).toHaveText('Jumlah anak menurut usia harus sama dengan jumlah anak laki-laki dan perempuan.');
  await page.reload();
  await expect(page.locator('form.profile-form').getByLabel('Anak laki-laki')).toHaveValue(before);

  await waitForHydration(page);
  await page.locator('form.profile-form').getByLabel('Berlaku sampai').nth(1).fill('2030-06-30');
  await page.locator('form.profile-form').getByRole('button', { name: 'Simpan profil' }).click();
  await expect(page.getByText('Profil tersimpan.')).toBeVisible();
  await expect(page.getByText('Berlaku sampai 30 Juni 2030')).toBeVisible();
});

test('the profile form works without JavaScript @nojs', async ({ page }) => {
  await signIn(page, 'pengelola.magetan');
  await page.getByRole('link', { name: 'Profil lembaga', exact: true }).click();
  await page.locator('form.profile-form').getByLabel('Pekerja sosial').fill('2');
  await page.locator('form.profile-form').getByRole('button', { name: 'Simpan profil' }).click();
  await page.getByRole('link', { name: 'Profil lembaga', exact: true }).click();
  await expect(page.locator('form.profile-form').getByLabel('Pekerja sosial')).toHaveValue('2');
});
