import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

// The demo manager's self-assessment (Panti Asuhan Budi Mulia, draft). Each project gets the
// same database, so every test uses indicators no other test touches and checks relative state.
// Service workers are blocked here: these tests cut the connection with page.route, which does not
// see requests of a page a service worker controls. The page with its service worker, offline, is
// in offline-app.spec.ts.
test.use({ serviceWorkers: 'block' });

test('autosave, reload, offline edits synced when the network returns', async ({ page, context }, info) => {
  const component = info.project.name === 'tablet-portrait' ? 'OM' : 'SDM';
  await signIn(page, 'pengelola');
  await page.getByRole('link', { name: 'Penilaian mandiri' }).first().click();
  await expect(page.getByRole('heading', { name: 'Penilaian mandiri' })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(`^${component}`) }).click();
  await expect(page).toHaveURL(new RegExp(`c=${component}`));
  await waitForHydration(page);

  const cards = page.locator('article.indicator-card');
  const first = cards.nth(0);
  const second = cards.nth(1);

  // A tap on a level saves at once; typing saves after a short pause.
  await first.getByRole('button', { name: /^3/ }).click();
  await expect(first.getByTestId('save-status')).toHaveText('Tersimpan');
  await first.getByLabel(/Uraian/).fill('Rasio pengasuh 1:8, jadwal piket terlampir di papan kantor.');
  await expect(first.getByTestId('save-status')).toHaveText('Tersimpan');

  await page.reload();
  await waitForHydration(page);
  await expect(first.getByRole('button', { name: /^3/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(first.getByLabel(/Uraian/)).toHaveValue('Rasio pengasuh 1:8, jadwal piket terlampir di papan kantor.');

  // Offline: the edit is kept on the device and says so.
  await context.setOffline(true);
  await second.getByRole('button', { name: /^2/ }).click();
  await second.getByLabel(/Uraian/).fill('Pelatihan perlindungan anak dijadwalkan ulang.');
  await expect(second.getByTestId('save-status')).toContainText('Belum tersimpan di server');
  // Back online: it is sent without any action.
  await context.setOffline(false);
  await expect(second.getByTestId('save-status')).toHaveText('Tersimpan', { timeout: 15_000 });

  await page.reload();
  await waitForHydration(page);
  await expect(second.getByRole('button', { name: /^2/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(second.getByLabel(/Uraian/)).toHaveValue('Pelatihan perlindungan anak dijadwalkan ulang.');
});

test('an edit the server never received survives a reload and is sent afterwards', async ({ page }, info) => {
  const component = info.project.name === 'tablet-portrait' ? 'HP' : 'SP';
  await signIn(page, 'pengelola');
  await page.goto(`/self-assessment?c=${component}`);
  await waitForHydration(page);
  const card = page.locator('article.indicator-card').nth(2);
  // The upload link drops every save (a dead mobile connection that still looks online).
  await page.route('**/api/save_answer', (route) => route.abort('internetdisconnected'));
  await card.getByRole('button', { name: /^1/ }).click();
  await expect(card.getByTestId('save-status')).toContainText('Belum tersimpan di server');
  await page.unroute('**/api/save_answer');
  // The tab is reloaded before anything was sent: the edit comes back from the device and is sent.
  await page.reload();
  await waitForHydration(page);
  await expect(card.getByTestId('save-status')).toHaveText('Tersimpan', { timeout: 15_000 });
  await expect(card.getByRole('button', { name: /^1/ })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(card.getByRole('button', { name: /^1/ })).toHaveAttribute('aria-pressed', 'true');
});

test('a save dropped by a connection that looks up is tried again without a reload', async ({ page }, info) => {
  const component = info.project.name === 'tablet-portrait' ? 'HP' : 'SP';
  await signIn(page, 'pengelola');
  await page.goto(`/self-assessment?c=${component}`);
  await waitForHydration(page);
  const card = page.locator('article.indicator-card').nth(7);
  // Every save is dropped, and the browser never says the network went away or came back.
  await page.route('**/api/save_answer', (route) => route.abort('connectionreset'));
  await card.getByRole('button', { name: /^2/ }).click();
  await expect(card.getByTestId('save-status')).toContainText('Belum tersimpan di server');
  // The page says what is true: online, but the server cannot be reached; safe here; when the next try is.
  const bar = page.getByTestId('save-bar');
  await expect(bar).toContainText('1 perubahan aman di perangkat ini, belum terkirim: server tidak dapat dihubungi');
  await expect(bar).toContainText(/Dicoba lagi pukul \d{2}\.\d{2}\.\d{2}/);
  await expect(bar).not.toContainText('Luring');
  await page.unroute('**/api/save_answer');
  // The card tries again by itself (after 2, 4, 8 … seconds).
  await expect(card.getByTestId('save-status')).toHaveText('Tersimpan', { timeout: 20_000 });
  await expect(bar).toHaveText('Semua perubahan tersimpan di server');
  await page.reload();
  await waitForHydration(page);
  await expect(card.getByRole('button', { name: /^2/ })).toHaveAttribute('aria-pressed', 'true');
});

test('on a phone the save status of a tap is in view, wherever the card is', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=PP');
  await waitForHydration(page);
  const card = page.locator('article.indicator-card').nth(4);
  const level = card.getByRole('button', { name: /^4/ });
  await level.scrollIntoViewIfNeeded();
  // A server that never answers: the page stops waiting and says so.
  await page.route('**/api/save_answer', () => {});
  await level.click();
  const bar = page.getByTestId('save-bar');
  await expect(bar).toBeInViewport();
  await expect(bar).toContainText('Mengirim 1 perubahan');
  await expect(bar).toContainText('server tidak menjawab dalam 20 detik', { timeout: 30_000 });
  await expect(card.getByTestId('save-status')).toBeInViewport();
  await page.unroute('**/api/save_answer');
  await expect(bar).toHaveText('Semua perubahan tersimpan di server', { timeout: 20_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the self-assessment scrolls sideways on a phone').toBeLessThanOrEqual(0);
});

test('two tabs: the stale one is told and shown the newer version', async ({ page, context }, info) => {
  const component = info.project.name === 'tablet-portrait' ? 'PP' : 'PR';
  await signIn(page, 'pengelola');
  const other = await context.newPage();
  await page.goto(`/self-assessment?c=${component}`);
  await other.goto(`/self-assessment?c=${component}`);
  await waitForHydration(page);
  await waitForHydration(other);
  const mine = page.locator('article.indicator-card').nth(3);
  const theirs = other.locator('article.indicator-card').nth(3);
  await theirs.getByRole('button', { name: /^4/ }).click();
  await expect(theirs.getByTestId('save-status')).toHaveText('Tersimpan');
  await mine.getByRole('button', { name: /^1/ }).click();
  await expect(mine.getByTestId('save-status')).toContainText('diubah di tab atau perangkat lain');
  await expect(mine.getByRole('button', { name: /^4/ })).toHaveAttribute('aria-pressed', 'true');
});

test('submitting an incomplete self-assessment lists what is missing', async ({ page }) => {
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment');
  await waitForHydration(page);
  await expect(page.getByTestId('missing-list').locator('li').first()).toContainText('belum ada skor');
  await page.getByRole('button', { name: 'Ajukan penilaian mandiri' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Belum dapat diajukan' })).toBeVisible();
});

test('without JavaScript a level can be chosen with the form @nojs', async ({ page }) => {
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=HP');
  const card = page.locator('article.indicator-card').nth(5);
  // With JavaScript (the tablet projects run this too) the tap saves in the background once the
  // page is hydrated: wait for both, or the next page may be rendered before the save is stored.
  const js = test.info().project.use.javaScriptEnabled !== false;
  if (js) await waitForHydration(page);
  await card.getByRole('button', { name: /^0/ }).click();
  if (js) await expect(card.getByTestId('save-status')).toHaveText('Tersimpan');
  await page.goto('/self-assessment?c=HP');
  await expect(page.locator('article.indicator-card').nth(5).getByRole('button', { name: /^0/ })).toHaveAttribute('aria-pressed', 'true');
});
