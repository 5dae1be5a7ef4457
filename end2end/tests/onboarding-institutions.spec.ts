import { test, expect, Page } from '@playwright/test';
import { signIn, waitForHydration, shoot } from './helpers';

// Onboarding institutions (issue #14): an administrator imports a Dinsos list of 50 institutions,
// sees the 3 bad rows by row and column, uploads the corrected file, confirms, and a second import
// of the same file changes nothing; an officer of Magetan registers one institution with the form.
// Both tablet projects run against one database: every run uses registration numbers of its own.

const HEADER =
  'nama,kode_kabupaten_kota,alamat,yayasan,kapasitas,jumlah_anak,jumlah_pengasuh,nomor_tanda_daftar,' +
  'tanda_daftar_terbit,tanda_daftar_berlaku_sampai,nomor_izin_operasional,izin_terbit,izin_berlaku_sampai';

/** 50 institutions in Banjarmasin and Magetan; `broken` spoils rows 6, 18 and 34 of the sheet. */
function list(run: string, broken: boolean): string {
  const rows = [HEADER];
  for (let n = 1; n <= 50; n++) {
    const name = broken && n === 5 ? '' : `LKSA Impor ${run} ${n}`;
    const capacity = broken && n === 17 ? 'empat puluh' : '40';
    const expires = broken && n === 33 ? '31/02/2031' : '2031-01-03';
    const regency = n % 2 ? '63.71' : '35.20';
    rows.push([name, regency, `Jl. Impor ${n}`, 'Yayasan Impor', capacity, '30', '5', `TD-${run}-${n}`,
      '04/01/2021', expires, `503/${n}`, '', ''].join(','));
  }
  return rows.join('\n') + '\n';
}

async function upload(page: Page, content: string) {
  await page.locator('input[type="file"][name="file"]').setInputFiles({
    name: 'daftar-lksa.csv', mimeType: 'text/csv', buffer: Buffer.from(content, 'utf-8'),
  });
  await page.getByRole('button', { name: 'Periksa berkas' }).click();
  await expect(page).toHaveURL(/\/institutions\/import\/[0-9a-z-]+$/);
  await expect(page.getByRole('heading', { name: 'Periksa impor lembaga', level: 1 })).toBeVisible();
}

test('an administrator imports 50 institutions after fixing 3 bad rows; the same file again changes nothing', async ({ page }, info) => {
  test.setTimeout(120_000);
  const run = `${info.project.name.replace(/[^a-z]/g, '')}${Date.now() % 1_000_000}`;
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Impor daftar lembaga (CSV/XLSX)' }).click();
  await expect(page.getByRole('heading', { name: 'Impor daftar lembaga', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Unduh templat CSV' })).toBeVisible();

  await upload(page, list(run, true));
  await expect(page.getByRole('heading', { name: '3 masalah ditemukan' })).toBeVisible();
  await expect(page.locator('ol.import-problems li')).toHaveText([
    'Baris 6, kolom nama: wajib diisi.',
    'Baris 18, kolom kapasitas: harus bilangan bulat 0 atau lebih.',
    'Baris 34, kolom tanda_daftar_berlaku_sampai: tanggal tidak valid. Tulis yyyy-mm-dd atau dd/mm/yyyy.',
  ]);
  await shoot(page, 'import-problems', info.project.name, true);

  await upload(page, list(run, false));
  await expect(page.getByText('50 lembaga siap diimpor.')).toBeVisible();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Impor sekarang' }).click();
  await expect(page.getByText('Impor selesai: 50 lembaga baru, 0 diperbarui, 0 tidak berubah.')).toBeVisible();

  await page.getByRole('link', { name: 'Impor berkas lain' }).click();
  await expect(page.getByRole('heading', { name: 'Impor daftar lembaga', level: 1 })).toBeVisible();
  await upload(page, list(run, false));
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Impor sekarang' }).click();
  await expect(page.getByText('Tidak ada perubahan: 50 lembaga sudah sama persis dengan data yang tersimpan.')).toBeVisible();
});

test('an officer of Magetan registers an institution with the form', async ({ page }, info) => {
  test.setTimeout(60_000);
  const run = `${info.project.name.replace(/[^a-z]/g, '')}${Date.now() % 1_000_000}`;
  await signIn(page, 'dinsos.magetan');
  await page.getByRole('link', { name: 'Daftarkan satu lembaga' }).click();
  await expect(page.getByRole('heading', { name: 'Daftarkan lembaga', level: 1 })).toBeVisible();
  await waitForHydration(page);
  const form = page.locator('form.profile-form');
  // Magetan is the only regency offered to its officer.
  await expect(form.locator('select[name="kode_kabupaten_kota"]')).toHaveValue('35.20');
  await form.getByLabel('Nama lembaga', { exact: true }).fill(`LKSA Harapan ${run}`);
  await form.getByLabel('Alamat', { exact: true }).fill('Jl. Raya Maospati 3');
  await form.getByLabel('Kapasitas (tempat)', { exact: true }).fill('30');
  await form.getByLabel('Jumlah anak', { exact: true }).fill('24');
  await form.getByLabel('Nomor tanda daftar', { exact: true }).fill(`TD-3520/${run}`);
  await form.getByLabel('Tanda daftar terbit', { exact: true }).fill('2026-01-02');
  await shoot(page, 'register-institution', info.project.name, true);
  await form.getByRole('button', { name: 'Daftarkan lembaga' }).click();
  await expect(page.getByRole('heading', { name: `LKSA Harapan ${run}`, level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/institutions\/[0-9a-z-]+$/);
  await expect(page.getByText('Jl. Raya Maospati 3')).toBeVisible();
});
