import { test, expect, Page } from '@playwright/test';
import path from 'path';
import { signIn, waitForHydration } from './helpers';

// The whole self-assessment of the Magetan demo institution, as its manager does it on a
// portrait tablet: every indicator scored, photos on the critical ones, a reload half-way,
// an offline edit, the self-score estimate, then submission. Runs once (it submits).
const photos = path.join(__dirname, '..', '..', 'fixtures', 'photos');
const components = ['PR', 'PP', 'OM', 'SDM', 'SP', 'HP'];

async function scoreComponent(page: Page, code: string) {
  await page.goto(`/self-assessment?c=${code}`);
  await waitForHydration(page);
  const cards = page.locator('article.indicator-card');
  const n = await cards.count();
  for (let i = 0; i < n; i++) {
    const card = cards.nth(i);
    await card.getByRole('button', { name: /^3/ }).click();
    if (await card.evaluate((el) => el.classList.contains('critical'))) {
      await card.getByTestId('file-input').setInputFiles(path.join(photos, i % 2 ? 'kitchen-rotated-exif6-gps.jpg' : 'dormitory-landscape.jpg'));
      await expect(card.getByTestId('evidence-list').locator('img')).toHaveCount(1, { timeout: 30_000 });
    }
  }
  for (let i = 0; i < n; i++) {
    await expect(cards.nth(i).getByTestId('save-status')).toHaveText('Tersimpan');
  }
  return n;
}

test('a manager completes, checks and submits the whole self-assessment', async ({ page, context }, info) => {
  test.skip(info.project.name !== 'tablet-portrait', 'submits, so it runs once');
  test.setTimeout(300_000);
  await signIn(page, 'pengelola.magetan');

  let scored = 0;
  for (const code of components.slice(0, 3)) scored += await scoreComponent(page, code);
  // Half-way: a reload loses nothing.
  await page.goto('/self-assessment');
  await expect(page.getByTestId('overall-progress')).toHaveText(`${scored} dari 220 indikator sudah diberi skor`);
  for (const code of components.slice(3)) scored += await scoreComponent(page, code);
  expect(scored).toBe(220);

  // Offline for a moment: the change waits on the device and is sent when the network returns.
  await page.goto('/self-assessment?c=HP');
  await waitForHydration(page);
  const last = page.locator('article.indicator-card').last();
  await context.setOffline(true);
  await last.getByRole('button', { name: /^4/ }).click();
  await expect(last.getByTestId('save-status')).toContainText('Belum tersimpan di server');
  await context.setOffline(false);
  await expect(last.getByTestId('save-status')).toHaveText('Tersimpan', { timeout: 15_000 });

  await page.reload();
  await expect(page.getByTestId('overall-progress')).toHaveText('220 dari 220 indikator sudah diberi skor');
  await expect(page.getByRole('heading', { name: 'Semua indikator sudah lengkap' })).toBeVisible();
  await expect(page.getByTestId('preview-total')).toContainText('peringkat B');

  await waitForHydration(page);
  await page.getByRole('button', { name: 'Ajukan penilaian mandiri' }).click();
  await expect(page.getByText('Diajukan', { exact: true }).first()).toBeVisible();
  await expect(page.locator('article.indicator-card').first().getByRole('button', { name: /^3/ })).toBeDisabled();
  await page.goto('/');
  await expect(page.getByText('Pengajuan Anda sedang diperiksa kelengkapannya')).toBeVisible();
});
