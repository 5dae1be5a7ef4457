import { test, expect } from '@playwright/test';
import path from 'path';
import { signIn, waitForHydration } from './helpers';

const photos = path.join(__dirname, '..', '..', 'fixtures', 'photos');

test('photos are shrunk on the device, uploaded with progress, and shown as thumbnails', async ({ page }, info) => {
  const component = info.project.name === 'tablet-portrait' ? 'OM' : 'SP';
  await signIn(page, 'pengelola');
  await page.goto(`/self-assessment?c=${component}`);
  await waitForHydration(page);
  const card = page.locator('article.indicator-card').nth(4);
  await expect(card.getByText('Jangan memotret wajah anak')).toBeVisible();

  const uploads: number[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/evidence/') && r.method() === 'POST') uploads.push(r.postDataBuffer()?.length ?? 0);
  });
  await card.getByLabel(/Keterangan/).fill('Dapur, tampak dari pintu');
  await card.getByTestId('file-input').setInputFiles([
    path.join(photos, 'kitchen-rotated-exif6-gps.jpg'),
    path.join(photos, 'bathroom-large-4000x3000.jpg'),
  ]);
  const thumbs = card.getByTestId('evidence-list').locator('img');
  await expect(thumbs).toHaveCount(2, { timeout: 30_000 });
  // The thumbnails are served to the owner, upright: portrait for the EXIF-6 photo, landscape for
  // the other (the two uploads finish in either order).
  const sizes = await thumbs.evaluateAll((imgs: HTMLImageElement[]) => Promise.all(imgs.map((img) => new Promise<[number, number]>((resolve) => {
    const check = () => (img.complete && img.naturalWidth ? resolve([img.naturalWidth, img.naturalHeight]) : setTimeout(check, 50));
    check();
  }))));
  expect(sizes.filter(([w, h]) => h > w)).toHaveLength(1);
  expect(sizes.filter(([w, h]) => w > h)).toHaveLength(1);
  expect(uploads.length).toBe(2);

  // After a reload the evidence is still there.
  await page.reload();
  await expect(page.locator('article.indicator-card').nth(4).getByTestId('evidence-list').locator('img')).toHaveCount(2);
});

test('a file that is not a photo is refused with a clear reason, and retry is offered', async ({ page }, info) => {
  const component = info.project.name === 'tablet-portrait' ? 'HP' : 'PR';
  await signIn(page, 'pengelola');
  await page.goto(`/self-assessment?c=${component}`);
  await waitForHydration(page);
  const card = page.locator('article.indicator-card').nth(6);
  await card.getByTestId('file-input').setInputFiles(path.join(photos, 'not-an-image.jpg'));
  await expect(card.getByRole('alert')).toContainText('Jenis file tidak didukung');
  await expect(card.getByRole('button', { name: 'Coba lagi' })).toBeVisible();
  await expect(card.getByTestId('evidence-list').locator('li')).toHaveCount(0);
});

test('a PDF document can be attached @nojs', async ({ page }, info) => {
  const component = { 'phone-no-js': 'SDM', 'tablet-portrait': 'OM' }[info.project.name] ?? 'HP';
  await signIn(page, 'pengelola');
  await page.goto(`/self-assessment?c=${component}`);
  const card = page.locator('article.indicator-card').nth(7);
  if (info.project.name === 'phone-no-js') {
    await card.getByTestId('file-input').setInputFiles(path.join(photos, 'sop-document.pdf'));
    await card.getByRole('button', { name: 'Unggah' }).click();
    await page.goto(`/self-assessment?c=${component}`);
  } else {
    await waitForHydration(page);
    await card.getByTestId('file-input').setInputFiles(path.join(photos, 'sop-document.pdf'));
  }
  await expect(page.locator('article.indicator-card').nth(7).getByRole('link', { name: 'Dokumen PDF' })).toBeVisible();
});
