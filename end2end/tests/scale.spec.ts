import { test, expect } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

// Two app servers behind nginx (scripts/scale.sh test): requests are spread over both, and
// killing one in the middle of a manager's work loses nothing the page said was saved.
// Runs only there: it needs the servers' process ids.
const pids = (process.env.E2E_SERVER_PIDS ?? '').split(' ').filter(Boolean).map(Number);
test.beforeEach(({}, info) => {
  test.skip(pids.length !== 2 || info.project.name !== 'tablet-landscape', 'only through scripts/scale.sh test');
});

test('requests are spread over both servers', async ({ request }) => {
  const upstreams = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const r = await request.get('/healthz');
    expect(r.status()).toBe(200);
    upstreams.add(r.headers()['x-upstream'] ?? '');
  }
  expect([...upstreams].filter(Boolean)).toHaveLength(2);
});

test('a server killed mid-way loses no saved score', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'pengelola');
  await page.goto('/self-assessment?c=HP');
  await waitForHydration(page);
  const cards = page.locator('article.indicator-card');
  const n = Math.min(await cards.count(), 12);
  expect(n).toBeGreaterThan(6);
  const level = (i: number) => new RegExp(`^${(i % 4) + 1}`);
  for (let i = 0; i < n; i++) {
    if (i === Math.floor(n / 2)) {
      // The first server dies without warning; nginx sends what follows to the second.
      process.kill(pids[0], 'SIGKILL');
    }
    await cards.nth(i).getByRole('button', { name: level(i) }).click();
    await expect(cards.nth(i).getByTestId('save-status')).toHaveText('Tersimpan', { timeout: 30_000 });
  }
  // Read back from the server that is left: every score the page called saved is there.
  await page.reload();
  await waitForHydration(page);
  for (let i = 0; i < n; i++) {
    await expect(cards.nth(i).getByRole('button', { name: level(i) })).toHaveAttribute('aria-pressed', 'true');
  }
});
