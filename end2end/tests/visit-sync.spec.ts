import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

// What the visit's status bar says when sending goes wrong, with the tablet online all along:
// a server that never answers, and one that refuses the connection. It must say the scores are
// safe on the tablet, why they are not sent, and when the next try is, and never "Luring".

test('a frozen or refusing server: the visit says what is true and sends once it answers', async ({ page }, info) => {
  test.setTimeout(120_000);
  await signIn(page, 'asesor1');
  await page.locator('li.assignment', { hasText: 'Panti Asuhan Putri Aisyiyah' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/visits\/.+/);
  await waitForHydration(page);
  const status = page.getByTestId('unsynced');
  const network = page.getByTestId('network');
  const levels = page.getByTestId('visit-indicator').locator('button.level');
  // One indicator per project: both projects share the database.
  const level = info.project.name === 'tablet-portrait' ? 2 : 3;

  // The server takes the request and never answers.
  await page.route('**/api/sync_visit', () => {});
  await levels.nth(level).click();
  await expect(status).toContainText('Mengirim 1 perubahan');
  await expect(status).toContainText('1 perubahan aman di perangkat ini, belum terkirim: server tidak menjawab dalam 20 detik', { timeout: 30_000 });
  await expect(status).toContainText(/Dicoba lagi pukul \d{2}\.\d{2}\.\d{2}/);
  await expect(network).toHaveText('Daring');
  await page.unroute('**/api/sync_visit');

  // Now the connection is refused at once.
  await page.route('**/api/sync_visit', (route) => route.abort('connectionrefused'));
  await expect(status).toContainText('belum terkirim: server tidak dapat dihubungi', { timeout: 30_000 });
  await expect(network).toHaveText('Daring');
  await page.unroute('**/api/sync_visit');

  // The server is back: the retry schedule sends it without a reload or an online event.
  await expect(status).toHaveText('Semua perubahan tersimpan di server', { timeout: 40_000 });
  await page.reload();
  await waitForHydration(page);
  await expect(levels.nth(level)).toHaveAttribute('aria-pressed', 'true');
});
