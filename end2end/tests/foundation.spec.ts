import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

const roles = [
  { user: 'pengelola', see: 'Panti Asuhan Budi Mulia', role: 'Pengelola LKSA', next: 'Lanjutkan pengisian penilaian mandiri' },
  { user: 'dinsos', see: 'Kota Banjarmasin', role: 'Petugas Dinas Sosial', next: 'pengajuan menunggu pemeriksaan kelengkapan' },
  // Two demo assignments, three once the journey spec (another project, same database) assigned one more.
  { user: 'asesor1', see: 'Panti Asuhan Putri Aisyiyah', role: 'Asesor', next: /^Penugasan: [23]$/ },
  { user: 'supervisor', see: 'Panti Asuhan Sunan Giri', role: 'Supervisor asesor', next: /^Penugasan: [23]$/ },
  // 2026.2 as the demo publishes it, or the version instrument-versions.spec published since.
  { user: 'admin', see: 'Ringkasan sistem', role: 'Administrator', next: /^Versi aktif 2026\.\d+ dengan 220 indikator\.$/ },
];

for (const r of roles) {
  test(`${r.user} signs in, sees what to do next, and signs out @nojs`, async ({ page }) => {
    await signIn(page, r.user);
    await expect(page.getByText(r.see).first()).toBeVisible();
    await expect(page.locator('.who-role')).toHaveText(r.role);
    await expect(page.getByText(r.next)).toBeVisible();
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByText('Anda sudah keluar.')).toBeVisible();
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });
}

test('a wrong password is explained and nothing is signed in @nojs', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Nama pengguna').fill('pengelola');
  await page.getByLabel('Kata sandi', { exact: true }).fill('salah-sandi');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Nama pengguna atau kata sandi salah.');
});

test('hydration: the show-password control works after load', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  const password = page.getByLabel('Kata sandi', { exact: true });
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByTestId('toggle-password').click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByTestId('toggle-password')).toHaveText('Sembunyikan');
});

test('instrument browser: six components, 220 indicators, search in the browser', async ({ page }) => {
  await signIn(page, 'asesor1');
  await page.getByRole('link', { name: 'Instrumen' }).click();
  await expect(page.locator('details.component')).toHaveCount(6);
  await expect(page.locator('li.indicator')).toHaveCount(220);
  await expect(page.getByTestId('shown-count')).toHaveText('Menampilkan 220 dari 220 indikator');
  await waitForHydration(page);

  await page.getByLabel('Cari indikator').fill('APAR');
  await expect(page.getByTestId('shown-count')).not.toHaveText(/220 dari/);
  const shown = page.locator('li.indicator:visible');
  await expect(shown.first()).toBeVisible();
  for (const text of await shown.allInnerTexts()) {
    expect(text.toLowerCase()).toContain('apar');
  }

  await page.getByLabel('Cari indikator').fill('');
  await page.getByLabel(/Hanya indikator kritis/).check();
  await expect(page.getByTestId('shown-count')).toHaveText(/^Menampilkan \d+ dari 220 indikator$/);
  const critical = await page.locator('li.indicator:visible').count();
  expect(critical).toBeGreaterThan(10);
  expect(await page.locator('li.indicator.critical:visible').count()).toBe(critical);
});

test('language switch to English and back @nojs', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: 'ID', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
});

test('an unknown address shows a translated 404 page @nojs', async ({ page }) => {
  const response = await page.goto('/tidak-ada');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan' })).toBeVisible();
});
