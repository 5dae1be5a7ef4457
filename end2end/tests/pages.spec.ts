import { test, expect, Page } from '@playwright/test';
import { signIn, waitForHydration, shoot } from './helpers';

// Every page as the person who uses it, at each size (phone 390×844, tablet portrait and
// landscape): a screenshot in end2end/screenshots/ for review, and on each page the checks a
// reader would make: nothing scrolls sideways, no value printed as the program spells it
// (`Some(3)`, `None`, `undefined`, `NaN`, raw keys), and numbers written as the page's language
// writes them (73,70 % in Bahasa Indonesia, 73.70 % in English). Only looks; changes nothing.

/** Checks the words on the page, then shoots it (which checks for sideways scrolling). */
async function look(page: Page, name: string, project: string, lang: 'id' | 'en' = 'id') {
  await waitForHydration(page);
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  const text = await page.locator('body').innerText();
  const none = lang === 'id' ? [/\bNone\b/] : [];
  for (const bad of [/\bSome\(/, ...none, /\bundefined\b/, /\bNaN\b/, /\[object /, /\b[a-z]+(-[a-z]+)+-[a-z]+\b(?= |$)/m]) {
    const found = text.match(bad);
    // Indicator codes and ids never match these; a raw translation key (assessment-rubric-title) does.
    expect(found?.[0] ?? null, `${name}: "${found?.[0]}" printed`).toBeNull();
  }
  const wrongDecimal = lang === 'id' ? /\d\.\d+ ?%/ : /\d,\d{1,2} ?%/;
  const decimal = text.match(wrongDecimal);
  expect(decimal?.[0] ?? null, `${name}: a percentage with the wrong decimal mark`).toBeNull();
  // The whole page, so what is below the fold is looked at too.
  await shoot(page, name, project, true);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

test('public pages: sign-in, registry, verification @screens', async ({ page }, info) => {
  const p = info.project.name;
  await page.goto('/login');
  await look(page, 'login', p);
  await page.goto('/registry');
  await look(page, 'registry', p);
  await page.getByTestId('registry').getByRole('link', { name: 'Periksa sertifikat' }).first().click();
  await expect(page).toHaveURL(/\/verify\/[0-9a-f]+$/);
  await look(page, 'verify', p);
});

test('institution manager: home, self-assessment, profile @screens', async ({ page }, info) => {
  const p = info.project.name;
  await signIn(page, 'pengelola');
  await look(page, 'home-pengelola', p);
  await page.goto('/self-assessment?c=SP');
  await look(page, 'self-assessment', p);
  await page.goto('/');
  await page.getByRole('link', { name: 'Profil lembaga', exact: true }).click();
  await expect(page).toHaveURL(/\/institutions\/.+/);
  await look(page, 'institution-pengelola', p);
  // Who opened the institution's own evidence files.
  await page.getByTestId('institution-evidence-log').click();
  await expect(page).toHaveURL(/\/evidence-views\?institution_id=.+/);
  await expect(page.getByTestId('evidence-log').or(page.getByTestId('evidence-log-empty'))).toBeVisible();
  await look(page, 'evidence-log-pengelola', p);
});

test('Dinsos: home, intake, review, audit, dashboard, decision @screens', async ({ page }, info) => {
  test.setTimeout(120_000);
  const p = info.project.name;
  await signIn(page, 'dinsos');
  await look(page, 'home-dinsos', p);
  await page.goto('/intake');
  await look(page, 'intake', p);
  await page.getByTestId('intake-queue').getByRole('link', { name: /LKSA Al-Hidayah/ }).click();
  await expect(page).toHaveURL(/\/intake\/.+/);
  await look(page, 'intake-review', p);
  await page.getByRole('link', { name: 'Lihat jejak audit' }).first().click();
  await expect(page).toHaveURL(/\/audit\/.+/);
  await look(page, 'audit', p);
  // Times are local to the institution's province (Kalimantan Selatan: WITA).
  await expect(page.getByTestId('audit').locator('td.audit-when').first()).toHaveText(/^\d{1,2} \w+ \d{4} \d{2}\.\d{2} WITA$/);
  // The evidence access log of the officer's region, from the navigation.
  await page.getByRole('link', { name: 'Log akses bukti', exact: true }).click();
  await expect(page).toHaveURL(/\/evidence-views$/);
  await expect(page.getByTestId('evidence-log').or(page.getByTestId('evidence-log-empty'))).toBeVisible();
  await look(page, 'evidence-log', p);
  await page.goto('/dashboard');
  await expect(page.locator('svg[role=img]').first()).toBeVisible();
  await look(page, 'dashboard', p);
  await page.goto('/instrument');
  await page.locator('details.component > summary').first().click();
  await look(page, 'instrument', p);
  await signOut(page);

  await signIn(page, 'dinsos.magetan');
  await page.goto('/intake');
  await page.getByTestId('intake-queue').getByRole('link', { name: /Panti Asuhan Sunan Giri/ }).click();
  await expect(page).toHaveURL(/\/decisions\/.+/);
  // The demo's reconciled cycle has its result: the decision page offers what the server accepts.
  await expect(page.getByTestId('result-total')).toContainText('peringkat rekomendasi');
  await look(page, 'decision', p);
  await page.getByRole('link', { name: 'Lihat jejak audit' }).first().click();
  await expect(page).toHaveURL(/\/audit\/.+/);
  await look(page, 'audit-reconciled', p);
  const trail = page.getByTestId('audit');
  await expect(trail).toContainText('tingkat ');
  await expect(trail.locator('td.audit-when').first()).toHaveText(/ WIB$/);
});

test('assessor and supervisor: home, visit, conflicts, reconciliation @screens', async ({ page }, info) => {
  test.setTimeout(120_000);
  const p = info.project.name;
  await signIn(page, 'asesor1');
  await look(page, 'home-asesor', p);
  await page.locator('li.assignment', { hasText: 'Panti Asuhan Putri Aisyiyah' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/visits\/.+/);
  await look(page, 'visit-one', p);
  await page.getByRole('button', { name: 'Ringkas' }).click();
  await look(page, 'visit-grid', p);
  await page.goto('/conflicts');
  await look(page, 'conflicts', p);
  await signOut(page);

  await signIn(page, 'supervisor');
  await look(page, 'home-supervisor', p);
  await page.locator('li.assignment', { hasText: 'Panti Asuhan Sunan Giri' }).getByRole('link', { name: 'Rekonsiliasi nilai' }).click();
  await expect(page).toHaveURL(/\/reconcile\/.+/);
  await expect(page.locator('li.reconcile-row').first()).toBeVisible();
  await look(page, 'reconcile', p);
});

test('administrator, and pages in English: home, dashboard, decided cycle, audit @screens', async ({ page }, info) => {
  test.setTimeout(120_000);
  const p = info.project.name;
  await signIn(page, 'admin');
  await look(page, 'home-admin', p);
  const institutions: { id: string; name: string }[] = await (await page.request.get('/api/v1/institutions')).json();
  const darul = institutions.find((i) => i.name === 'LKSA Darul Aitam');
  const cycles: { id: string; grade: string | null }[] = await (await page.request.get(`/api/v1/institutions/${darul!.id}/cycles`)).json();
  const decided = cycles.find((c) => c.grade !== null)!;
  await page.goto(`/decisions/${decided.id}`);
  await expect(page.getByTestId('certificate')).toBeVisible();
  await expect(page.getByTestId('signatory')).toContainText('Berdasarkan Keputusan Nomor');
  await look(page, 'decision-decided', p);

  await page.getByRole('link', { name: 'EN', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The language switch keeps the page.
  await expect(page).toHaveURL(new RegExp(`/decisions/${decided.id}$`));
  await look(page, 'en-decision-decided', p, 'en');
  await page.goto(`/audit/${decided.id}`);
  await look(page, 'en-audit', p, 'en');
  await page.goto('/dashboard');
  await look(page, 'en-dashboard', p, 'en');
  await page.goto('/instrument/versions');
  await look(page, 'en-instrument-versions', p, 'en');
  await page.goto('/evidence-views');
  await look(page, 'en-evidence-log', p, 'en');
  await page.goto('/');
  await look(page, 'en-home-admin', p, 'en');
  await page.getByRole('link', { name: 'ID', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await page.goto('/instrument/versions');
  await look(page, 'instrument-versions', p);
  // Its review lists the 199 indicators 2026.2 gave their own rubric.
  await page.getByTestId('versions').getByRole('link', { name: 'Versi 2026.2' }).click();
  await look(page, 'instrument-version-2026-2', p);
});
