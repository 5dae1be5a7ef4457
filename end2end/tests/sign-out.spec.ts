import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

// Signing out on a shared tablet: the device forgets this site's offline copies and local data,
// unless something on it has not reached the server, which the person is told about first.
test.setTimeout(60_000);
// page.route (the dropped saves below) does not see requests of a page a service worker controls.
test.use({ serviceWorkers: 'block' });

test('sign-out warns about unsent edits and clears the device otherwise', async ({ page }) => {
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=PR');
  await waitForHydration(page);

  // Nothing unsent: signing out clears local data the site left on the device.
  await page.evaluate(() => localStorage.setItem('lksa.visit.demo', JSON.stringify([{ synced: true }])));
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await page.evaluate(() => localStorage.getItem('lksa.visit.demo'))).toBeNull();

  // An edit the server never received (saves are dropped on the way).
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=PR');
  await waitForHydration(page);
  await page.route('**/api/save_answer', (route) => route.abort('internetdisconnected'));
  const card = page.locator('article.indicator-card').nth(4);
  await card.getByRole('button', { name: /^2/ }).click();
  await expect(card.getByTestId('save-status')).toContainText('Belum tersimpan di server');

  // The person is told and stays signed in when they cancel.
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect.poll(() => asked).toContain('1 perubahan di perangkat ini belum sampai ke server');
  await expect(page).toHaveURL(/self-assessment/);

  // Choosing to keep it: signed out, the edit is still on the device for the next sign-in.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lksa.pending.')).length);
  expect(kept).toBe(1);
});
