/**
 * The national page in Chromium, for the ministry: the provinces ranked by coverage and the national
 * DBHCHT realization, with figures from the reference implementation, in both languages, and the way
 * down: a province's ranking of its regencies, then a regency. The platform holds data of three provinces
 * (33, 35, 52: test/support/national-dataset.ts); the region catalogue gets provinces 33 and 52 from the
 * test-only fixture (test/support/national-regions.ts) while reference/ holds East Java only.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalDataset } from '../../support/national-dataset.js';
import { nationalReferenceRegions, useNationalRegions } from '../../support/national-regions.js';
import { toCsv } from '../../support/random-dataset.js';
import { datasetFromRows, loadRegions, referenceNationalRanking, referenceRanking, referenceRealization } from '../../support/reference/reference-stats.js';
import { parseIndonesian, startBrowserPlatform, type BrowserPlatform } from './support.js';

const rows = nationalDataset();
const reference = datasetFromRows(rows);
const regions = nationalReferenceRegions(loadRegions());
const nameOf = (code: string) => regions.find((r) => r.code === code)!.name;
/** A rate as the screen shows it: one decimal of a percentage point. */
const shownRate = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 1000);

let env: BrowserPlatform;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  useNationalRegions();
  env = await startBrowserPlatform();
  for (const kind of ['participants', 'targets', 'budgets', 'contributions'] as const) {
    const report = await env.platform.importCsv(kind, toCsv(rows[kind]));
    expect(report.errors, kind).toEqual([]);
  }
  await env.platform.drain();
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await env?.stop();
});

async function ministryPage(): Promise<Page> {
  const context = await env.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await env.signIn(page, { role: 'MINISTRY', region: null });
  return page;
}

async function settled(page: Page, testId: string): Promise<string | null> {
  const body = page.getByTestId(testId);
  await body.and(page.locator('[data-state]')).waitFor();
  return body.getAttribute('data-state');
}

const cellTexts = (page: Page, table: string, column: string) => page.getByTestId(table).locator(`tbody td[data-col="${column}"]`).allInnerTexts();

async function rankingOnScreen(page: Page) {
  const names = await cellTexts(page, 'ranking-table', 'region');
  const active = (await cellTexts(page, 'ranking-table', 'active')).map(parseIndonesian);
  const target = (await cellTexts(page, 'ranking-table', 'target')).map(parseIndonesian);
  const coverage = (await cellTexts(page, 'ranking-table', 'coverage')).map((c) => (/sasaran|target/i.test(c) ? null : shownRate(parseIndonesian(c))));
  return names.map((name, i) => [name, active[i], target[i], coverage[i]]);
}

describe('national page in Chromium', () => {
  it('shows the ministry the provinces ranked and the national realization, in Indonesian and English', async () => {
    const page = await ministryPage();
    expect(new URL(page.url()).pathname).toBe('/national');
    expect(await settled(page, 'national')).toBe('ready');

    const provinces = referenceNationalRanking(reference, regions, 'PROVINCE', '2025');
    expect(await rankingOnScreen(page)).toEqual(provinces.map((e) => [nameOf(e.regencyCode), e.activeParticipants, e.targetWorkers, shownRate(e.coverageRate)]));
    expect((await rankingOnScreen(page)).slice(0, 3).map((e) => e[0])).toEqual(['Nusa Tenggara Barat', 'Jawa Tengah', 'Jawa Timur']);
    const labels = await page.getByTestId('ranking-chart').locator('svg text').allTextContents();
    expect(labels.filter((l) => /^\d+\. /.test(l)).slice(0, 2)).toEqual(['1. Nusa Tenggara Barat', '2. Jawa Tengah']);

    const semesters = referenceRealization(reference, [], 2025, 'SEMESTER');
    expect((await cellTexts(page, 'realization-table', 'paid')).map(parseIndonesian)).toEqual(semesters.map((s) => s.paidIdr));
    expect((await cellTexts(page, 'realization-table', 'allocation')).map(parseIndonesian)).toEqual(semesters.map((s) => s.allocationIdr));

    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('National coverage');
    await settled(page, 'national');
    expect(await page.getByTestId('ranking-table').locator('thead th[data-col="region"]').innerText()).toContain('Province');
    expect((await rankingOnScreen(page))[0]).toEqual([nameOf(provinces[0]!.regencyCode), provinces[0]!.activeParticipants, provinces[0]!.targetWorkers, shownRate(provinces[0]!.coverageRate)]);
  });

  it('opens a province ranking its regencies, then a regency', async () => {
    const page = await ministryPage();
    await settled(page, 'national');
    await page.getByTestId('ranking-table').getByRole('link', { name: 'Nusa Tenggara Barat' }).click();
    await page.waitForURL(/\/\?province=52/);
    expect(await settled(page, 'overview')).toBe('ready');
    const regencies = referenceRanking(reference, regions, '52', '2025');
    expect(await rankingOnScreen(page)).toEqual(regencies.map((e) => [e.name, e.activeParticipants, e.targetWorkers, shownRate(e.coverageRate)]));

    await page.getByTestId('ranking-table').getByRole('link', { name: 'Kabupaten Lombok Timur' }).click();
    await page.waitForURL('**/regency/52.03**');
    expect(await settled(page, 'regency')).toBe('ready');
    await expect.poll(() => page.getByTestId('page-title').innerText()).toContain('Lombok Timur');
  });
});
