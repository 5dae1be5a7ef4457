// The scoring rules of the national instrument, written again from the documented rules
// (not from the Rust code), so that a test can check the engine's result from the same inputs:
//  - component % = Σ(score × weight) / Σ(4 × weight)
//  - total = Σ component weight × component %, as one exact fraction, rounded once to 0.01
//  - band from the rounded total; a critical indicator at 0 caps the grade; a component
//    below the floor caps the grade.
import { APIRequestContext, expect } from '@playwright/test';

export type Indicator = { code: string; weight: number; critical: boolean };
export type Component = { code: string; weight: number; indicators: Indicator[] };
export type Grading = {
  band_a: number; band_b: number; band_c: number;
  critical_zero_cap: string; component_floor_percent: number; component_floor_cap: string;
};
export type Instrument = {
  version: string; components: Component[]; grading: Grading; validity_years: { a: number; b: number; c: number };
};

const ORDER = ['TT', 'C', 'B', 'A'];
const cap = (grade: string, limit: string) => (ORDER.indexOf(grade) < ORDER.indexOf(limit) ? grade : limit);
const hundredths = (percent: number) => BigInt(Math.round(percent * 100));
// Rounds num/den to the nearest integer, halves up (inputs are non-negative).
const roundDiv = (num: bigint, den: bigint) => (num * 2n + den) / (den * 2n);

export function evaluate(instrument: Instrument, scores: Record<string, number>) {
  const parts = instrument.components.map((c) => {
    let earned = 0n;
    let possible = 0n;
    for (const i of c.indicators) {
      earned += BigInt(scores[i.code]) * BigInt(i.weight);
      possible += 4n * BigInt(i.weight);
    }
    return { code: c.code, weight: BigInt(c.weight), earned, possible };
  });
  const den = parts.reduce((d, p) => d * p.possible, 1n);
  const num = parts.reduce((n, p) => n + p.weight * p.earned * (den / p.possible), 0n);
  const total = roundDiv(num * 100n, den);
  const g = instrument.grading;
  let grade = total >= hundredths(g.band_a) ? 'A' : total >= hundredths(g.band_b) ? 'B' : total >= hundredths(g.band_c) ? 'C' : 'TT';
  const all = instrument.components.flatMap((c) => c.indicators);
  if (all.some((i) => i.critical && scores[i.code] === 0)) grade = cap(grade, g.critical_zero_cap);
  for (const p of parts) {
    if (p.earned * 10000n < hundredths(g.component_floor_percent) * p.possible) grade = cap(grade, g.component_floor_cap);
  }
  return { total: Number(total), grade };
}

/** "78,25 %", as the product prints hundredths of a percent in Bahasa Indonesia. */
export function pct(h: number) {
  return `${Math.floor(h / 100)},${String(h % 100).padStart(2, '0')} %`;
}

/** The current instrument version, from the same server function the pages use. */
export async function loadInstrument(request: APIRequestContext, origin: string): Promise<Instrument> {
  const r = await request.post('/api/instrument', { headers: { Origin: origin, Accept: 'application/json' }, form: {} });
  expect(r.ok()).toBeTruthy();
  return (await r.json()).instrument as Instrument;
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "22 November 2031": how the product writes a date in Bahasa Indonesia. */
export function tanggal(iso: string) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The last day of validity for a decision taken on `decidedOn` (ISO, UTC): the anniversary after
 *  the grade's validity years, minus one day. */
export function validUntil(instrument: Instrument, grade: string, decidedOn: string) {
  const years = (instrument.validity_years as Record<string, number>)[grade.toLowerCase()];
  const [y, m, d] = decidedOn.split('-').map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}
