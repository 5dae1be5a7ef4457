import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import { signIn, waitForHydration, DEMO_PASSWORD } from './helpers';

// Accessibility: axe-core on every main page, opened by the person who uses it, fails on any
// serious or critical violation (moderate and minor ones are attached to the report, and printed
// with A11Y_VERBOSE=1). Then one keyboard-only pass: sign in, reach an indicator of the
// self-assessment and choose a rubric level without the mouse. Nothing here changes demo data
// that other specs rely on: the pages are only looked at, and the keyboard pass scores an
// indicator no other spec touches.

const BLOCKING = new Set(['serious', 'critical']);

function describe(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => {
          const why = (n.failureSummary ?? '').split('\n').filter((l) => l.trim() && !/^Fix (any|all)/.test(l)).map((l) => l.trim()).join('; ');
          return `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}\n      ${why}`;
        })
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/** Runs axe on the page as it is now and fails on serious or critical violations. */
async function checkA11y(page: Page, name: string) {
  await waitForHydration(page);
  // Let transitions and late reactive updates settle before colours are measured.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const other = results.violations.filter((v) => !BLOCKING.has(v.impact ?? ''));
  if (other.length) {
    await test.info().attach(`a11y-${name}-other.txt`, { body: describe(other), contentType: 'text/plain' });
    if (process.env.A11Y_VERBOSE) console.log(`\n${name} (${page.url()}): not blocking\n${describe(other)}`);
  }
  if (blocking.length && process.env.A11Y_VERBOSE) console.log(`\n${name} (${page.url()}): BLOCKING\n${describe(blocking)}`);
  expect.soft(blocking, `${name} (${page.url()}) has serious or critical accessibility violations:\n${describe(blocking)}\n`).toEqual([]);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

test('anonymous: login, public registry and the verification of a real certificate', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/login');
  await checkA11y(page, 'login');
  await page.goto('/registry');
  await checkA11y(page, 'registry');
  await page.getByTestId('registry').getByRole('link', { name: 'Periksa sertifikat' }).first().click();
  await expect(page).toHaveURL(/\/verify\/[0-9a-f]+$/);
  await expect(page.getByTestId('verify')).toContainText('Sertifikat sah');
  await checkA11y(page, 'verify');
});

test('institution manager: home, self-assessment, profile and instrument', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'pengelola');
  await checkA11y(page, 'home-pengelola');
  await page.goto('/self-assessment');
  await expect(page.locator('article.indicator-card').first()).toBeVisible();
  await checkA11y(page, 'self-assessment');
  await page.getByRole('link', { name: 'Profil lembaga', exact: true }).click();
  await expect(page).toHaveURL(/\/institutions\/.+/);
  await checkA11y(page, 'institution-profile-pengelola');
  await page.goto('/instrument');
  await expect(page.locator('li.indicator').first()).toBeAttached();
  await checkA11y(page, 'instrument');
});

test('Dinsos: home, intake queue, intake review, audit, institution profile and dashboard', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'dinsos');
  await checkA11y(page, 'home-dinsos');
  await page.goto('/intake');
  await checkA11y(page, 'intake');
  await page.getByTestId('intake-queue').getByRole('link', { name: /LKSA Al-Hidayah/ }).click();
  await expect(page).toHaveURL(/\/intake\/.+/);
  await expect(page.locator('article.review-row').first()).toBeVisible();
  await checkA11y(page, 'intake-review');
  await page.getByRole('link', { name: 'Lihat jejak audit' }).first().click();
  await expect(page).toHaveURL(/\/audit\/.+/);
  await checkA11y(page, 'audit');
  await page.goto('/');
  await page.locator('main a[href^="/institutions/"]').first().click();
  await expect(page).toHaveURL(/\/institutions\/.+/);
  await checkA11y(page, 'institution-profile-dinsos');
  await page.goto('/dashboard');
  await expect(page.locator('svg[role=img]').first()).toBeVisible();
  await checkA11y(page, 'dashboard');
});

test('assessor: home, visit (one indicator and compact grid) and conflicts of interest', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'asesor1');
  await checkA11y(page, 'home-asesor');
  await page.locator('li.assignment', { hasText: 'Panti Asuhan Putri Aisyiyah' }).getByRole('link', { name: 'Buka penilaian visitasi' }).click();
  await expect(page).toHaveURL(/\/visits\/.+/);
  await checkA11y(page, 'visit-one');
  await page.getByRole('button', { name: 'Ringkas' }).click();
  await expect(page.getByTestId('visit-grid')).toBeVisible();
  await checkA11y(page, 'visit-grid');
  await page.goto('/conflicts');
  await checkA11y(page, 'conflicts');
});

test('supervisor: home and reconciliation', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'supervisor');
  await checkA11y(page, 'home-supervisor');
  await page.locator('li.assignment', { hasText: 'Panti Asuhan Sunan Giri' }).getByRole('link', { name: 'Rekonsiliasi nilai' }).click();
  await expect(page).toHaveURL(/\/reconcile\/.+/);
  await expect(page.locator('li.reconcile-row').first()).toBeVisible();
  await checkA11y(page, 'reconcile');
});

test('Dinsos deciding: the decision page of a reconciled cycle', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'dinsos.magetan');
  await page.goto('/intake');
  await page.getByTestId('intake-queue').getByRole('link', { name: /Panti Asuhan Sunan Giri/ }).click();
  await expect(page).toHaveURL(/\/decisions\/.+/);
  await checkA11y(page, 'decision');
});

test('administrator: home, dashboard, and a decided cycle with its certificate and audit trail', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin');
  await checkA11y(page, 'home-admin');
  // The decided demo cycle (LKSA Darul Aitam, grade B), found through the API with the same session.
  const institutions: { id: string; name: string }[] = await (await page.request.get('/api/v1/institutions')).json();
  const darul = institutions.find((i) => i.name === 'LKSA Darul Aitam');
  expect(darul, 'demo institution LKSA Darul Aitam').toBeTruthy();
  const cycles: { id: string; state: string; grade: string | null }[] = await (await page.request.get(`/api/v1/institutions/${darul!.id}/cycles`)).json();
  const decided = cycles.find((c) => c.grade !== null);
  expect(decided, 'a decided cycle of LKSA Darul Aitam').toBeTruthy();
  await page.goto(`/decisions/${decided!.id}`);
  await expect(page.getByTestId('certificate')).toBeVisible();
  await checkA11y(page, 'decision-decided');
  await page.goto(`/audit/${decided!.id}`);
  await checkA11y(page, 'audit-decided');
});

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 60): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160));
  throw new Error(`${selector} not reached with ${max} presses of Tab; focus is on ${at}`);
}

test('keyboard only: sign in, reach an indicator and choose a rubric level', async ({ page }, info) => {
  test.setTimeout(120_000);
  // An indicator no other spec scores: one per project, since both share the database.
  const component = info.project.name === 'tablet-portrait' ? 'SDM' : 'OM';

  await page.goto('/login');
  await waitForHydration(page);
  await tabTo(page, 'input#username', 20);
  await page.keyboard.type('pengelola');
  await page.keyboard.press('Tab');
  await expect(page.locator('input#password')).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);

  await waitForHydration(page);
  await tabTo(page, 'a[href="/self-assessment"]', 30);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/self-assessment$/);
  await waitForHydration(page);
  await tabTo(page, `a.component-tab[href="/self-assessment?c=${component}"]`, 40);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`c=${component}$`));
  await waitForHydration(page);

  // The fifth or a later indicator that is not critical (others of this component are used elsewhere).
  const cards = page.locator('article.indicator-card');
  await expect(cards.nth(5)).toBeVisible();
  const index = await cards.evaluateAll((els) => els.findIndex((el, i) => i >= 4 && !el.classList.contains('critical')));
  expect(index).toBeGreaterThanOrEqual(4);
  const card = cards.nth(index);
  const code = (await card.getAttribute('data-code'))!;
  const pressed = await card.evaluate((el) => el.querySelector('button.level[aria-pressed="true"]')?.getAttribute('value') ?? null);
  const level = pressed === '2' ? 3 : 2;

  // Tab to the first level of that indicator, then on to the chosen level, and press Space.
  const presses = await tabTo(page, `article.indicator-card[data-code="${code}"] button.level`, 200);
  for (let i = 0; i < level; i++) await page.keyboard.press('Tab');
  const choice = card.locator(`button.level[value="${level}"]`);
  await expect(choice).toBeFocused();
  // The focused level is visibly marked (the browser's focus ring or our outline).
  const outline = await choice.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline, 'the focused level shows a focus outline').not.toBe('none');
  await page.keyboard.press('Space');
  await expect(choice).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByTestId('save-status')).toHaveText('Tersimpan');
  info.annotations.push({ type: 'keyboard', description: `${code} level ${level} after ${presses} + ${level} presses of Tab` });

  // On to the evidence buttons: the file input is visually hidden, so its label shows the focus.
  await tabTo(page, `article.indicator-card[data-code="${code}"] input[type="file"]`, 15);
  const labelOutline = await page.evaluate(() => getComputedStyle(document.activeElement!.closest('label')!).outlineStyle);
  expect(labelOutline, 'the evidence button shows the keyboard focus of its hidden file input').not.toBe('none');

  await page.reload();
  await waitForHydration(page);
  await expect(page.locator(`article.indicator-card[data-code="${code}"] button.level[value="${level}"]`)).toHaveAttribute('aria-pressed', 'true');
});
