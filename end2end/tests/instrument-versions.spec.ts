import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signIn, waitForHydration, shoot } from './helpers';

// An administrator publishes a new instrument version with one indicator re-worded and moves the
// open self-assessments to it; the manager is told what to re-check. Both tablet projects share
// one database, so each publishes its own version: 2026.3 (landscape), 2026.4 (portrait).
const SHIPPED = readFileSync(`${__dirname}/../../instrument/snpa-lksa-2026.2.toml`, 'utf8');
const OLD_TEXT = 'LKSA memiliki tanda daftar sebagai lembaga kesejahteraan sosial dari Dinas Sosial yang masih berlaku.';

test('an administrator publishes a version with one indicator changed and migrates a draft', async ({ page }, info) => {
  test.setTimeout(90_000);
  const version = info.project.name === 'tablet-portrait' ? '2026.4' : '2026.3';
  const newText = `LKSA memiliki tanda daftar yang masih berlaku dan tercatat di Dinas Sosial (rumusan ${version}).`;
  const file = SHIPPED.replace('version = "2026.2"', `version = "${version}"`).replace(OLD_TEXT, newText);

  // The manager has scored PR.1.01, so the change concerns the institution.
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=PR');
  await waitForHydration(page);
  const card = page.locator('article[data-code="PR.1.01"]');
  await card.getByRole('button', { name: /^3/ }).click();
  await expect(card.getByTestId('save-status')).toHaveText('Tersimpan');
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();

  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Kelola versi instrumen' }).click();
  await expect(page.getByRole('heading', { name: 'Versi instrumen', level: 1 })).toBeVisible();
  await expect(page.getByTestId('versions').getByText('Berlaku', { exact: true })).toHaveCount(1);

  // A broken file first: the reason is named and nothing is added.
  await page.getByLabel('Berkas instrumen (.toml)').setInputFiles({
    name: 'rusak.toml', mimeType: 'text/plain', buffer: Buffer.from('version = '),
  });
  await page.getByRole('button', { name: 'Unggah dan tinjau' }).click();
  await expect(page.getByTestId('upload-error')).toHaveText('Berkas ini bukan TOML yang valid (baris 1).');

  await page.getByLabel('Berkas instrumen (.toml)').setInputFiles({
    name: `snpa-lksa-${version}.toml`, mimeType: 'text/plain', buffer: Buffer.from(file),
  });
  await page.getByRole('button', { name: 'Unggah dan tinjau' }).click();
  await expect(page).toHaveURL(/\/instrument\/versions\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { name: `Versi ${version}` })).toBeVisible();
  await expect(page.getByTestId('version-state')).toHaveText('Menunggu diterbitkan');
  await expect(page.getByTestId('diff-summary')).toContainText('1 indikator berubah, 0 ditambahkan, 0 dihapus');
  const change = page.getByTestId('changes').locator('li[data-code="PR.1.01"]');
  await expect(change).toContainText(newText);
  await expect(change).toContainText(`Sebelumnya: ${OLD_TEXT}`);
  await expect(change).toContainText('Yang berubah: rumusan ketentuan');
  await shoot(page, 'instrument-version-review', info.project.name, true);

  await waitForHydration(page);
  await page.getByRole('button', { name: 'Terbitkan versi ini' }).click();
  await expect(page.getByTestId('version-state')).toHaveText('Berlaku');
  await expect(page.getByRole('heading', { name: /penilaian mandiri masih memakai versi lama/ })).toBeVisible();
  await expect(change.getByLabel('Aturan untuk nilai mandiri')).toHaveValue('keep');
  await page.getByRole('button', { name: /^Pindahkan \d+ penilaian mandiri$/ }).click();
  await expect(page.getByRole('status')).toContainText(/penilaian mandiri dipindahkan ke versi ini/);
  await shoot(page, 'instrument-version-published', info.project.name);
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();

  // The manager sees what changed and which indicator to look at again.
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=PR');
  const notice = page.getByTestId('migration-notice');
  await expect(notice).toContainText(`Instrumen diperbarui ke versi ${version}`);
  await expect(notice).toContainText('PR.1.01: rumusan ketentuan berubah. Periksa ulang nilai Anda (tingkat 3');
  await expect(card.getByTestId('recheck')).toHaveText(`Berubah di versi ${version}: periksa ulang.`);
  await expect(card.getByRole('button', { name: /^3/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(card).toContainText(newText);
  await shoot(page, 'self-assessment-migrated', info.project.name);
});

test('without JavaScript: a refused file says why, a version is uploaded and published @nojs', async ({ page }, info) => {
  const version = { 'tablet-landscape': '2026.5', 'tablet-portrait': '2026.6' }[info.project.name] ?? '2026.7';
  await signIn(page, 'admin');
  await page.goto('/instrument/versions');
  // A version of another instrument is refused by name.
  await page.getByLabel('Berkas instrumen (.toml)').setInputFiles({
    name: 'lain.toml', mimeType: 'text/plain', buffer: Buffer.from(SHIPPED.replace('code = "SNPA-LKSA"', 'code = "LAIN"')),
  });
  await page.getByRole('button', { name: 'Unggah dan tinjau' }).click();
  await expect(page.getByTestId('upload-error')).toHaveText('Berkas ini untuk instrumen LAIN, bukan instrumen akreditasi LKSA.');

  const file = SHIPPED.replace('version = "2026.2"', `version = "${version}"`).replace(OLD_TEXT, `${OLD_TEXT} (${version})`);
  await page.getByLabel('Berkas instrumen (.toml)').setInputFiles({
    name: 'baru.toml', mimeType: 'text/plain', buffer: Buffer.from(file),
  });
  await page.getByRole('button', { name: 'Unggah dan tinjau' }).click();
  await expect(page.getByRole('heading', { name: `Versi ${version}` })).toBeVisible();
  await page.getByRole('button', { name: 'Terbitkan versi ini' }).click();
  await expect(page.getByTestId('version-state')).toHaveText('Berlaku');
});
