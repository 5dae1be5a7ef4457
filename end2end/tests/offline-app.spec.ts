import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

// The app on a device without a network, beyond the visit itself (journey.spec.ts): each group of
// pages is its own WASM chunk, fetched the first time one of them opens; preparing a visit stores
// every chunk, and the installed app then starts from the prepared home page.
test.setTimeout(90_000);

test('a page whose code never reached this device says so when there is no network', async ({ page, context }) => {
  await signIn(page, 'pengelola');
  await waitForHydration(page);
  await expect(page.locator('#app-stopped')).toBeHidden();
  await context.setOffline(true);
  await page.locator('header').getByRole('link', { name: 'Instrumen' }).click();
  const notice = page.locator('#app-stopped');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('belum tersimpan di perangkat ini dan tidak ada jaringan');
  await expect(notice.getByRole('link', { name: 'Muat ulang' })).toBeVisible();
  await context.setOffline(false);
});

test('installable: a manifest in Indonesian with icons that load', async ({ page, request }) => {
  await page.goto('/login');
  await expect(page.locator('link[rel=manifest]')).toHaveAttribute('href', '/manifest.webmanifest');
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest.name).toBe('Akreditasi LKSA');
  expect(manifest.lang).toBe('id');
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');
  for (const icon of manifest.icons) {
    const r = await request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type']).toBe('image/png');
  }
});

test('prepared for use without signal, the app starts offline on the list of visits', async ({ page, context }) => {
  await signIn(page, 'asesor1');
  await page.getByRole('link', { name: 'Buka penilaian visitasi' }).first().click();
  await expect(page).toHaveURL(/\/visits\/.+/);
  await waitForHydration(page);
  const visit = new URL(page.url()).pathname;
  // A file of an earlier build left on the device.
  const old = '/pkg/lksa.AAAAAAAAAAAAAAAAAAAAAA.wasm';
  await page.evaluate(async (url) => (await caches.open('lksa-visit-v1')).put(url, new Response('old')), old);
  await page.getByTestId('prepare').click();
  await expect(page.getByTestId('prepare')).toHaveText('Siap dipakai tanpa sinyal', { timeout: 30_000 });
  // Every file of this build is stored; the earlier build's is gone.
  const cached = await page.evaluate(async () =>
    (await (await caches.open('lksa-visit-v1')).keys()).map((r) => new URL(r.url).pathname));
  expect(cached).not.toContain(old);
  expect(cached.filter((p) => p.startsWith('/pkg/') && p.endsWith('.wasm')).length).toBeGreaterThan(10);

  await context.setOffline(true);
  // Started from the home screen: the home page, with the visits, comes from the device.
  const home = await page.goto('/');
  expect(home?.fromServiceWorker()).toBe(true);
  await waitForHydration(page);
  await expect(page.locator(`a[href="${visit}"]`)).toBeVisible();
  // A page never prepared sends the person to that list instead of the browser's error page.
  await page.goto('/registry');
  await expect(page).toHaveURL(/\/$/);
  await waitForHydration(page);
  await expect(page.locator(`a[href="${visit}"]`)).toBeVisible();
  // Every page's code is on the device: opening another group of pages does not stop the app.
  await page.locator('header').getByRole('link', { name: 'Instrumen' }).click();
  await expect(page.locator('#app-stopped')).toBeHidden();
  // And the visit itself opens.
  await page.goto(visit);
  await waitForHydration(page);
  await expect(page.getByTestId('visit-progress')).toBeVisible();
  await context.setOffline(false);
});

test('reloaded without a network, the self-assessment opens as last seen and keeps new edits', async ({ page, context }, info) => {
  const component = info.project.name === 'tablet-portrait' ? 'OM' : 'SDM';
  await signIn(page, 'pengelola');
  await page.goto(`/self-assessment?c=${component}`);
  await waitForHydration(page);
  // The page keeps itself for use without signal once it has loaded.
  await expect
    .poll(() => page.evaluate(async () => !!(await (await caches.open('lksa-visit-v1')).match(location.pathname + location.search))), { timeout: 20_000 })
    .toBe(true);
  await context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  await waitForHydration(page);
  await expect(page.locator('.component-tab.selected')).toContainText(component);
  const card = page.locator('article.indicator-card').nth(2);
  await card.getByRole('button', { name: /^3/ }).click();
  await expect(page.getByTestId('save-bar')).toContainText('belum terkirim: perangkat tidak tersambung ke jaringan');
  await expect(page.getByTestId('save-bar')).toContainText('Luring');
  await context.setOffline(false);
  await expect(card.getByTestId('save-status')).toHaveText('Tersimpan', { timeout: 20_000 });
});
