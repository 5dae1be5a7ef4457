import { expect, Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-lksa-2026';

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Waits until the WASM bundle has hydrated the page (the app marks `<html data-hydrated>`).
 *  Not `waitForFunction`: its predicate is compiled with `new Function`, which the pages'
 *  Content-Security-Policy (no `unsafe-eval`) rightly refuses. */
export async function waitForHydration(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
}

/** A screenshot in end2end/screenshots/ for review, after checking that nothing on the page is
 *  wider than the viewport (no sideways scrolling on a tablet). */
export async function shoot(page: Page, name: string, project: string, fullPage = false) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `screenshots/${project}-${name}.png`, fullPage });
}
