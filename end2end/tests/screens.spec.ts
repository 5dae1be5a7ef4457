import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

// Screenshots of the main pages at each viewport, kept in end2end/screenshots/ for review.
// The check: nothing on the page is wider than the viewport (no sideways scrolling).
async function shoot(page: import('@playwright/test').Page, name: string, project: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `screenshots/${project}-${name}.png`, fullPage: false });
}

test('screenshots of login, homes and instrument', async ({ page }, info) => {
  const p = info.project.name;
  await page.goto('/login');
  await waitForHydration(page);
  await shoot(page, 'login', p);
  for (const user of ['pengelola', 'dinsos', 'asesor1', 'admin']) {
    await signIn(page, user);
    await shoot(page, `home-${user}`, p);
    await page.getByRole('button', { name: 'Keluar' }).click();
  }
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=SP');
  await waitForHydration(page);
  await shoot(page, 'self-assessment', p);
  await page.getByRole('button', { name: 'Keluar' }).click();
  await signIn(page, 'dinsos');
  await page.goto('/instrument');
  await page.locator('details.component > summary').first().click();
  await shoot(page, 'instrument', p);
});
