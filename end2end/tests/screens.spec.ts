import { test, expect } from '@playwright/test';
import { signIn, waitForHydration, shoot } from './helpers';

// Screenshots of the main pages at each viewport, kept in end2end/screenshots/ for review.

test('screenshots of login, homes and instrument', async ({ page }, info) => {
  const p = info.project.name;
  await page.goto('/login');
  await waitForHydration(page);
  await shoot(page, 'login', p);
  for (const user of ['pengelola', 'dinsos', 'asesor1', 'admin']) {
    await signIn(page, user);
    await shoot(page, `home-${user}`, p);
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  }
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=SP');
  await waitForHydration(page);
  await shoot(page, 'self-assessment', p);
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await signIn(page, 'dinsos');
  await page.goto('/instrument');
  await page.locator('details.component > summary').first().click();
  await shoot(page, 'instrument', p);
  await page.goto('/dashboard');
  await expect(page.locator('svg[role=img]').first()).toBeVisible();
  await shoot(page, 'dashboard', p);
  await page.goto('/intake');
  await shoot(page, 'intake', p);
  await page.getByTestId('intake-queue').getByRole('link', { name: /LKSA Al-Hidayah/ }).click();
  await waitForHydration(page);
  await shoot(page, 'intake-review', p);
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await signIn(page, 'asesor1');
  await page.locator('li.assignment', { hasText: 'Panti Asuhan Putri Aisyiyah' }).getByRole('link', { name: 'Buka penilaian visitasi' }).click();
  await waitForHydration(page);
  await shoot(page, 'visit-one', p);
  await page.getByRole('button', { name: 'Ringkas' }).click();
  await shoot(page, 'visit-grid', p);
});
