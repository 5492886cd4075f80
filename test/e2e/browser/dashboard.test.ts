/**
 * The reference dashboard in a real browser (the machine's Chromium): built by Vite, served with the API
 * Lambda handler by the local HTTP server, on a platform holding a small hand-counted fixture. What
 * users rely on: the figures on screen are the API's (and the hand-worked ones), a click opens a
 * regency, a regency government cannot see another regency, the auditor's tables export as shown, the
 * auditor view lists the fixture's planted anomalies with their evidence and the reconciliation the API
 * computes, the explorer runs queries without reaching any CDN, and an expired session says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAnomalyJob } from '../../../lambda/aggregate/anomaly-job.js';
import { exampleTabs } from '../../../web/src/pages/explorer-examples.js';
import { EXPECTED_2025, importFixture } from './fixture.js';
import { ARTIFACTS, parseIndonesian, startBrowserPlatform, type BrowserPlatform, type Identity } from './support.js';

let env: BrowserPlatform;

beforeAll(async () => {
  env = await startBrowserPlatform();
  await importFixture(env.platform);
  // As after every import (npm start, the schedule in AWS): the auditor view reads what the job stored.
  const { config, ddb, reference } = env.platform.runtime;
  await runAnomalyJob({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, reference });
}, 240_000);

afterAll(async () => {
  await env?.stop();
});

// Every page ran under the Content-Security-Policy CloudFront sends: nothing inline, nothing from a CDN.
afterEach(() => {
  expect(env.cspViolations).toEqual([]);
});

const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

async function signedInPage(identity: Identity): Promise<Page> {
  const context = await env.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await env.signIn(page, identity);
  return page;
}

/** Waits for a data page to finish loading (figures or an error) and returns its state. */
async function settled(page: Page, testId: string): Promise<string | null> {
  const body = page.getByTestId(testId);
  await body.and(page.locator('[data-state]')).waitFor();
  return body.getAttribute('data-state');
}

async function cellTexts(page: Page, tableTestId: string, column: string): Promise<string[]> {
  return page.getByTestId(tableTestId).locator(`tbody td[data-col="${column}"]`).allInnerTexts();
}

async function figure(page: Page, container: string, id: string): Promise<string> {
  return (await page.getByTestId(container).locator(`[data-figure="${id}"] dd`).innerText()).replace(/\u00a0/g, ' ');
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** RFC 4180 fields (quoted fields may hold commas), CRLF lines; the byte-order mark dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\r' && body[i + 1] === '\n') {
      (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    } else field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  return rows;
}

async function downloadText(page: Page, buttonTestId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(buttonTestId).click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

interface ApiAnomaly {
  id: string;
  type: string;
  severity: string;
  regionCode: string;
  region: { name: string } | null;
  period: string;
  count: number;
  detail: string;
  evidence: { participantIds: string[]; nikMasked: string[]; paymentIds: string[]; claimIds: string[]; regencies: string[] };
}

const ANOMALIES = `query($f: AnomalyFilter) {
  anomalies(filter: $f) { id type severity regionCode region { name } period count detail evidence { participantIds nikMasked paymentIds claimIds regencies } }
}`;

const anomalyRowIds = (page: Page) =>
  page
    .getByTestId('anomalies-table')
    .locator('tbody tr[data-row]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')));

/** `2 ID peserta` -> 2, `Rp 42.000.000` -> 42000000: the number without its unit. */
const countOf = (text: string) => parseIndonesian(text.replace(/(\d)\s+\D*$/, '$1'));

/** A rate as the screen shows it: one decimal of a percentage point. */
const shownRate = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 1000);

interface TablePrintLayout {
  table: string;
  rows: number;
  /** Within the page's width. */
  fits: boolean;
  /** Class names of the ancestors that clip the table (overflow or max-height with content beyond). */
  clippedBy: string[];
  thead: string;
  tfoot: string | null;
  rowBreak: string | null;
}

/** Runs in the page (a string: the test's TypeScript has no DOM types): the layout of every data table. */
const TABLE_LAYOUT = `(() => {
  const pageWidth = document.documentElement.clientWidth;
  return [...document.querySelectorAll('table.data-table')].map((table) => {
    const clippedBy = [];
    for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.maxHeight !== 'none';
      if (clips && (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight)) clippedBy.push(box.className);
    }
    const rect = table.getBoundingClientRect();
    const firstRow = table.tBodies[0] && table.tBodies[0].rows[0];
    return {
      table: table.dataset.testid,
      rows: table.tBodies[0] ? table.tBodies[0].rows.length : 0,
      fits: rect.left >= 0 && rect.right <= pageWidth + 0.5,
      clippedBy,
      thead: getComputedStyle(table.tHead).display,
      tfoot: table.tFoot ? getComputedStyle(table.tFoot).display : null,
      rowBreak: firstRow ? getComputedStyle(firstRow).breakInside : null,
    };
  });
})()`;

describe('reference dashboard in Chromium', () => {
  it('shows a provincial officer the ranking of the 38 regencies with the figures the API returns', async () => {
    const page = await signedInPage({ role: 'PROVINCE', region: '35' });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await settled(page, 'overview')).toBe('ready');
    await shot(page, 'overview');

    // The API's own answer, asked with the same role and scope.
    const token = await env.auth.mint({ role: 'PROVINCE', region: '35' });
    const api = await env.graphql<{
      coverageRanking: {
        entries: Array<{
          rank: number;
          region: { name: string };
          activeParticipants: number;
          targetWorkers: number;
          coverageRate: number | null;
        }>;
      };
    }>(
      `query($p: String!) { coverageRanking(province: "35", period: $p) { entries { rank region { name } activeParticipants targetWorkers coverageRate } } }`,
      { p: '2025' },
      token,
    );
    const entries = api.data!.coverageRanking.entries;
    expect(entries).toHaveLength(38);

    const ranks = (await cellTexts(page, 'ranking-table', 'rank')).map(parseIndonesian);
    const names = await cellTexts(page, 'ranking-table', 'region');
    const active = (await cellTexts(page, 'ranking-table', 'active')).map(parseIndonesian);
    const target = (await cellTexts(page, 'ranking-table', 'target')).map(parseIndonesian);
    const coverage = await cellTexts(page, 'ranking-table', 'coverage');
    expect(names).toEqual(entries.map((e) => e.region.name));
    expect(ranks).toEqual(entries.map((e) => e.rank));
    expect(active).toEqual(entries.map((e) => e.activeParticipants));
    expect(target).toEqual(entries.map((e) => e.targetWorkers));
    // One decimal on screen: equal to the API's rate rounded to 0.1 points; "tanpa sasaran" without a target.
    expect(coverage.map((c) => (c === 'tanpa sasaran' ? null : parseIndonesian(c)))).toEqual(
      entries.map((e) => (e.coverageRate === null ? null : Math.round(e.coverageRate * 1000) / 1000)),
    );

    // And the hand-counted figures.
    const changes = await cellTexts(page, 'ranking-table', 'active-change');
    const rateChanges = await cellTexts(page, 'ranking-table', 'coverage-change');
    for (const [i, expected] of EXPECTED_2025.ranking.entries()) {
      expect([names[i], active[i], target[i], coverage[i], changes[i], rateChanges[i]?.replace(/\u00a0/g, ' ')]).toEqual([
        expected.name,
        expected.active,
        expected.target,
        expected.coverage,
        expected.activeChange,
        expected.coverageChange,
      ]);
    }
    expect(names[3]).toBe(EXPECTED_2025.fourth.name);

    const p = EXPECTED_2025.province;
    expect(await figure(page, 'province-totals', 'active')).toBe(p.active);
    expect(await figure(page, 'province-totals', 'target')).toBe(p.target);
    expect(await figure(page, 'province-totals', 'coverage')).toBe(p.coverage);
    expect(await figure(page, 'province-totals', 'paid')).toBe(p.paid);
    expect(await figure(page, 'province-totals', 'expected')).toBe(p.expected);
    expect(await figure(page, 'province-totals', 'gap')).toBe(p.gap);
    expect(await figure(page, 'province-totals', 'budget')).toBe(p.budget);
    expect(await figure(page, 'province-totals', 'realization')).toBe(p.realization);

    // The bar chart draws the same ranking, top first.
    const labels = await page.getByTestId('ranking-chart').locator('svg text').allTextContents();
    expect(labels.filter((l) => /^\d+\. /.test(l)).slice(0, 3)).toEqual(['1. Kab. Banyuwangi', '2. Kab. Jember', '3. Kab. Bondowoso']);
    await expect.poll(() => page.getByTestId('freshness').innerText()).toMatch(/^Data per .+ WIB$/);
  });

  it('opens a regency from the ranking table and from its bar', async () => {
    const page = await signedInPage({ role: 'PROVINCE', region: '35' });
    await settled(page, 'overview');
    await page.getByTestId('ranking-table').getByRole('link', { name: 'Kabupaten Jember' }).click();
    await page.waitForURL('**/regency/35.09?period=2025');
    expect(await settled(page, 'regency')).toBe('ready');
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Kabupaten Jember');
    await shot(page, 'regency-jember');

    const j = EXPECTED_2025.jember;
    expect(await figure(page, 'regency-totals', 'active')).toBe(j.active);
    expect(await figure(page, 'regency-totals', 'target')).toBe(j.target);
    expect(await figure(page, 'regency-totals', 'coverage')).toBe(j.coverage);
    expect(await figure(page, 'regency-totals', 'paid')).toBe(j.paid);
    expect(await figure(page, 'regency-totals', 'expected')).toBe(j.expected);
    expect(await figure(page, 'regency-totals', 'gap')).toBe(j.gap);
    expect(await figure(page, 'regency-totals', 'budget')).toBe(j.budget);
    expect(await figure(page, 'regency-totals', 'realization')).toBe(j.realization);
    // Expected vs paid by funding source: DBHCHT fully paid, APBD paid for one of ten participant-months.
    expect(await cellTexts(page, 'money-by-funding-table', 'funding')).toEqual(['DBHCHT', 'APBD']);
    expect((await cellTexts(page, 'money-by-funding-table', 'gap')).map(parseIndonesian)).toEqual([0, 151_200]);
    // A sum over the period's months, labelled so: DBHCHT 12 payments for 2 participants, APBD one for 1.
    expect(await page.getByTestId('money-by-funding-table').locator('thead th[data-col="billed"]').innerText()).toMatch(/^Peserta-bulan ditagih\n/);
    expect((await cellTexts(page, 'money-by-funding-table', 'billed')).map(parseIndonesian)).toEqual([24, 1]);

    // Back to the overview; a click on Bondowoso's bar opens Bondowoso.
    await page.goBack();
    await settled(page, 'overview');
    const label = page.getByTestId('ranking-chart').locator('svg text', { hasText: '3. Kab. Bondowoso' });
    // The chart animates its bars in after navigating back: a click during the animation can land beside
    // the bar, so click again (at the bar's settled place) until the regency opens.
    let opened = false;
    for (let attempt = 0; attempt < 5 && !opened; attempt++) {
      await page.waitForTimeout(attempt === 0 ? 300 : 1_000);
      const box = (await label.boundingBox())!;
      await page.mouse.click(box.x + box.width + 12, box.y + box.height / 2);
      opened = await page.waitForURL('**/regency/35.11?period=2025', { timeout: 3_000 }).then(() => true, () => false);
    }
    expect(opened).toBe(true);
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Kabupaten Bondowoso');
  });

  // Needs the API's region scope (issue 5): a REGENCY token for 35.09 asking for 35.10 is FORBIDDEN.
  it('does not show a regency government the figures of another regency', async () => {
    const page = await signedInPage({ role: 'REGENCY', region: '35.09' });
    expect(new URL(page.url()).pathname).toBe('/regency/35.09');
    expect(await settled(page, 'regency')).toBe('ready');

    await page.goto('/regency/35.10');
    expect(await settled(page, 'regency')).toBe('error');
    await shot(page, 'regency-forbidden');
    const error = page.getByTestId('error');
    expect(await error.getAttribute('data-kind')).toBe('FORBIDDEN');
    expect(await error.locator('.error-sentence').innerText()).toBe('Anda tidak berwenang melihat data Kabupaten Banyuwangi.');
    expect(await page.getByTestId('regency-totals').count()).toBe(0);
  });

  it("exports the auditor's expected-vs-paid table as CSV with the figures shown", async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: '35' });
    expect(new URL(page.url()).pathname).toBe('/audit');
    expect(await settled(page, 'audit')).toBe('ready');
    await shot(page, 'audit');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gap-csv').click()]);
    expect(download.suggestedFilename()).toBe('jamrep-iuran-35-2025.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'Kode,Kabupaten/kota,Sumber dana,Peserta-bulan ditagih,Iuran seharusnya,Iuran dibayar,Selisih (kurang bayar),Dibayar / seharusnya',
    );
    const rows = lines.map((line) => line.split(','));
    expect(rows.map((r) => [r[0], r[2], ...r.slice(3, 7).map(Number)])).toEqual(EXPECTED_2025.gapRows);
    // The table on screen, in the same order, with the same figures in Indonesian notation.
    expect((await cellTexts(page, 'gap-table', 'gap')).map(parseIndonesian)).toEqual(EXPECTED_2025.gapRows.map((r) => r[5]));
  });

  it("prints the auditor's tables whole: nothing clipped, within an A4 landscape page, header repeated, rows unsplit", async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: '35' });
    expect(await settled(page, 'audit')).toBe('ready');
    // The printable width of A4 landscape with the stylesheet's 12 mm margins: 273 mm at 96 px per inch.
    await page.setViewportSize({ width: Math.floor((273 / 25.4) * 96), height: 730 });
    const layout = () => page.evaluate<TablePrintLayout[]>(TABLE_LAYOUT);
    // On screen, at this width, the twelve-column reconciliation scrolls sideways inside its card (and a
    // long list scrolls inside its 34rem box): what paper cannot do.
    const screen = await layout();
    expect(screen.filter((t) => t.clippedBy.length > 0).length).toBeGreaterThan(0);
    expect(await page.locator('.topbar nav').isVisible()).toBe(true);

    await page.emulateMedia({ media: 'print' });
    const printed = await layout();
    await shot(page, 'audit-print');
    expect(printed.map((t) => t.table)).toEqual(screen.map((t) => t.table));
    expect(printed.find((t) => t.table === 'gap-table')?.rows).toBe(EXPECTED_2025.gapRows.length);
    expect(printed).toEqual(
      printed.map((t) => ({
        table: t.table,
        rows: t.rows,
        fits: true,
        clippedBy: [],
        thead: 'table-header-group',
        tfoot: t.tfoot === null ? null : 'table-row-group',
        rowBreak: t.rows === 0 ? null : 'avoid',
      })),
    );
    expect(await page.locator('.topbar nav').isVisible()).toBe(false);
    expect(await page.getByTestId('gap-csv').isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true, path: join(ARTIFACTS, 'audit-print.pdf') });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('shows an auditor the planted anomalies with their evidence, as the API returns them', async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: '35' });
    expect(await settled(page, 'audit')).toBe('ready');
    expect(await page.getByTestId('audit-notice').count()).toBe(0);

    const token = await env.auth.mint({ role: 'AUDITOR', region: '35' });
    const api = await env.graphql<{ anomalies: ApiAnomaly[] }>(ANOMALIES, { f: { region: ['35'], from: '2025-01', to: '2025-12' } }, token);
    expect(api.errors).toBeUndefined();
    const found = api.data!.anomalies;
    // The job found what the fixture plants, and nothing else.
    expect(found.map((a) => a.id).sort()).toEqual(EXPECTED_2025.anomalies.map((a) => a.id).sort());

    // Most severe first.
    expect(await anomalyRowIds(page)).toEqual(['DOUBLE_FUNDING#30000000005+30000000008', 'EARLY_JKM_CLAIM#CLM-3']);
    const table = page.getByTestId('anomalies-table');
    for (const expected of EXPECTED_2025.anomalies) {
      const answer = found.find((a) => a.id === expected.id)!;
      const row = table.locator(`tbody tr[data-row="${expected.id}"]`);
      const cell = (column: string) => row.locator(`td[data-col="${column}"]`).innerText();
      expect(answer).toMatchObject({ type: expected.type, regionCode: expected.regionCode, count: expected.count });
      expect(await cell('type')).toBe(expected.label);
      expect(await cell('severity')).toBe(expected.severity);
      expect(await cell('code')).toBe(answer.regionCode);
      expect(await cell('region')).toBe(answer.region!.name);
      expect(await cell('region')).toBe(expected.region);
      expect(await cell('period')).toBe(expected.period);
      expect(countOf(await cell('count'))).toBe(answer.count);

      // The evidence unfolds under its row: the ids and masked NIKs the API returned.
      const details = table.locator(`tbody tr[data-details-of="${expected.id}"]`);
      expect(await details.isVisible()).toBe(false);
      await row.locator('button.details-toggle').click();
      expect(await details.isVisible()).toBe(true);
      const listed = (kind: string) => details.locator(`[data-evidence="${kind}"] code`).allInnerTexts();
      expect(await listed('participantIds')).toEqual(answer.evidence.participantIds);
      expect(await listed('participantIds')).toEqual(expected.participantIds);
      expect(await listed('nikMasked')).toEqual(answer.evidence.nikMasked);
      expect(await listed('nikMasked')).toEqual(expected.nikMasked);
      expect(await listed('claimIds')).toEqual(expected.claimIds);
      expect(await listed('paymentIds')).toEqual(answer.evidence.paymentIds);
    }
    expect(await table.locator('[data-evidence="regencies"] dd').innerText()).toBe('Kabupaten Banyuwangi, Kabupaten Bondowoso');
    await shot(page, 'audit-anomalies');
    // No NIK in clear anywhere on the page.
    expect(await page.locator('main').innerText()).not.toMatch(/\d{16}/);

    // Sortable: by size, largest first (the claim's rupiah above the two participant ids).
    await table.locator('thead th[data-col="count"] button').click();
    expect(await anomalyRowIds(page)).toEqual(['EARLY_JKM_CLAIM#CLM-3', 'DOUBLE_FUNDING#30000000005+30000000008']);

    // The CSV has the rows in the order shown, with the evidence as columns.
    const { name, text } = await downloadText(page, 'anomalies-csv');
    expect(name).toBe('jamrep-anomali-35-2025.csv');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      'Tingkat',
      'Jenis anomali',
      'Kode',
      'Wilayah',
      'Periode',
      'Besaran',
      'Keterangan',
      'ID peserta',
      'NIK (tersamar)',
      'ID pembayaran',
      'ID klaim',
      'Kabupaten/kota terkait',
    ]);
    const byId = (id: string) => found.find((a) => a.id === id)!;
    expect(rows).toEqual(
      ['EARLY_JKM_CLAIM#CLM-3', 'DOUBLE_FUNDING#30000000005+30000000008']
        .map(byId)
        .map((a) => [
          a.severity,
          a.type,
          a.regionCode,
          a.region!.name,
          a.period,
          String(a.count),
          a.detail,
          a.evidence.participantIds.join(' '),
          a.evidence.nikMasked.join(' '),
          a.evidence.paymentIds.join(' '),
          a.evidence.claimIds.join(' '),
          a.evidence.regencies.join(' '),
        ]),
    );

    // Filters go to the API and into the URL: a type, then a severity.
    await page.getByTestId('anomaly-type-filter').selectOption('EARLY_JKM_CLAIM');
    await page.waitForURL('**/audit?type=EARLY_JKM_CLAIM');
    await expect.poll(() => anomalyRowIds(page)).toEqual(['EARLY_JKM_CLAIM#CLM-3']);
    await page.goto('/audit?severity=HIGH');
    expect(await settled(page, 'audit')).toBe('ready');
    expect(await page.getByTestId('anomaly-severity-filter').inputValue()).toBe('HIGH');
    expect(await anomalyRowIds(page)).toEqual(['DOUBLE_FUNDING#30000000005+30000000008']);
    await page.goto('/audit?severity=HIGH&type=EARLY_JKM_CLAIM');
    expect(await settled(page, 'audit')).toBe('ready');
    expect(await anomalyRowIds(page)).toEqual([]);
    expect(await page.getByTestId('anomalies-none').isVisible()).toBe(true);

    // In English the labels change, the numbers keep their Indonesian notation.
    await page.goto('/audit');
    expect(await settled(page, 'audit')).toBe('ready');
    await page.getByTestId('language-switch').click();
    const typeCell = (id: string) =>
      page.getByTestId('anomalies-table').locator(`tbody tr[data-row="${id}"] td[data-col="type"]`).innerText();
    await expect.poll(() => typeCell('DOUBLE_FUNDING#30000000005+30000000008')).toBe('Double funding (same NIK)');
    expect(await typeCell('EARLY_JKM_CLAIM#CLM-3')).toBe('JKM claim in the waiting period');
    const claimRow = page.getByTestId('anomalies-table').locator('tbody tr[data-row="EARLY_JKM_CLAIM#CLM-3"]');
    expect(await claimRow.locator('td[data-col="severity"]').innerText()).toBe('Medium');
    expect((await claimRow.locator('td[data-col="count"]').innerText()).replace(/\u00a0/g, ' ')).toBe('Rp 42.000.000');
    expect(await claimRow.locator('td[data-col="period"]').innerText()).toBe('August 2025');
  });

  it('shows the reconciliation the API computes, with its flags explained', async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: '35' });
    expect(await settled(page, 'audit')).toBe('ready');
    const token = await env.auth.mint({ role: 'AUDITOR', region: '35' });
    const fields = `period allocation paid cumulativePaid realizationRate cumulativeRealizationRate participantsCovered participantMonths expected gap costPerParticipantMonth claimsPaid benefitsToContributions flags { code message }`;
    type Row = {
      period: string;
      allocation: number;
      paid: number;
      cumulativePaid: number;
      realizationRate: number | null;
      cumulativeRealizationRate: number | null;
      participantsCovered: number;
      participantMonths: number;
      expected: number;
      gap: number;
      costPerParticipantMonth: number | null;
      claimsPaid: number;
      benefitsToContributions: number | null;
      flags: Array<{ code: string; message: string }>;
    };
    const api = await env.graphql<{ reconciliation: { allocation: number; months: Row[]; semesters: Row[] } }>(
      `query { reconciliation(fiscalYear: 2025, province: "35") { allocation months { ${fields} } semesters { ${fields} } } }`,
      {},
      token,
    );
    expect(api.errors).toBeUndefined();
    const { months, semesters } = api.data!.reconciliation;
    const june = months.find((m) => m.period === '2025-06')!;
    const hand = EXPECTED_2025.reconciliationJune;
    // The API agrees with the hand-worked month...
    expect(june).toMatchObject({
      allocation: hand.allocation,
      paid: hand.paid,
      cumulativePaid: hand.cumulativePaid,
      participantsCovered: hand.participantsCovered,
      participantMonths: hand.participantMonths,
      expected: hand.expected,
      gap: hand.gap,
      costPerParticipantMonth: hand.costPerParticipantMonth,
      claimsPaid: hand.claimsPaid,
    });
    expect(june.benefitsToContributions).toBeCloseTo(hand.benefitsToContributions, 9);
    expect(june.flags.map((f) => f.code)).toEqual(hand.flags);

    // ...and the screen shows the API's figures, in Indonesian notation.
    const section = page.getByTestId('reconciliation-section');
    expect(await section.locator('h2').innerText()).toBe('Rekonsiliasi DBHCHT tahun anggaran 2025: Jawa Timur');
    const row = page.getByTestId('reconciliation-months').locator('tbody tr[data-row="2025-06"]');
    const cell = (column: string) => row.locator(`td[data-col="${column}"]`).innerText();
    expect(await cell('period')).toBe('Juni 2025');
    // The year's allocation once above the tables (the same on every row of the API's answer).
    const allocation = (await page.getByTestId('reconciliation-allocation').innerText()).replace(/\u00a0/g, ' ');
    expect(allocation).toBe('Pagu DBHCHT tahun anggaran 2025: Rp 17.000.000');
    expect(parseIndonesian(allocation.split(': ')[1]!)).toBe(api.data!.reconciliation.allocation);
    expect(months.every((m) => m.allocation === api.data!.reconciliation.allocation)).toBe(true);
    expect((await cell('paid')).replace(/\u00a0/g, ' ')).toBe('Rp 67.200');
    expect(parseIndonesian(await cell('paid'))).toBe(june.paid);
    expect(parseIndonesian(await cell('cumulative-paid'))).toBe(june.cumulativePaid);
    expect(parseIndonesian(await cell('realization'))).toBeCloseTo(shownRate(june.realizationRate)!, 9);
    expect(parseIndonesian(await cell('cumulative-realization'))).toBeCloseTo(shownRate(june.cumulativeRealizationRate)!, 9);
    expect(parseIndonesian(await cell('participants'))).toBe(june.participantsCovered);
    expect(parseIndonesian(await cell('participant-months'))).toBe(june.participantMonths);
    expect(parseIndonesian(await cell('expected'))).toBe(june.expected);
    expect(parseIndonesian(await cell('gap'))).toBe(june.gap);
    expect(parseIndonesian(await cell('cost'))).toBe(Math.round(june.costPerParticipantMonth!));
    expect(parseIndonesian(await cell('claims-paid'))).toBe(june.claimsPaid);
    expect(parseIndonesian(await cell('benefits-ratio'))).toBeCloseTo(shownRate(june.benefitsToContributions)!, 9);
    expect(await cell('benefits-ratio')).toBe('3.720,2%');
    // Flagged: highlighted, each flag named and explained under the row from the row's figures, the
    // server's message on pointing at it.
    expect(await row.getAttribute('class')).toContain('flagged');
    const note = page.getByTestId('reconciliation-months').locator('tbody tr[data-note-of="2025-06"]');
    const flags = note.locator('li.flag');
    expect(await flags.evaluateAll((items) => items.map((i) => i.getAttribute('data-flag')))).toEqual(hand.flags);
    expect(await flags.locator('.flag-label').allInnerTexts()).toEqual(['Kurang bayar', 'Biaya di luar tarif']);
    expect(await flags.nth(0).getAttribute('title')).toBe(june.flags[0]!.message);
    const explained = (code: string) => note.locator(`li[data-flag="${code}"] .flag-explanation`).innerText();
    expect(await explained('UNDERPAID')).toBe(hand.underpaidExplanation);
    expect((await explained('COST_OUTSIDE_RATE')).replace(/\u00a0/g, ' ')).toBe(
      'Rp 13.440 per peserta-bulan, di luar rentang tarif yang berlaku.',
    );
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'audit-reconciliation');

    // Every month and both semesters, in the API's order; unflagged rows are not highlighted.
    expect(await cellTexts(page, 'reconciliation-months', 'period')).toHaveLength(12);
    expect((await cellTexts(page, 'reconciliation-months', 'paid')).map(parseIndonesian)).toEqual(months.map((m) => m.paid));
    expect((await cellTexts(page, 'reconciliation-months', 'expected')).map(parseIndonesian)).toEqual(months.map((m) => m.expected));
    expect((await cellTexts(page, 'reconciliation-semesters', 'cumulative-paid')).map(parseIndonesian)).toEqual(
      semesters.map((m) => m.cumulativePaid),
    );
    const flagged = await page
      .getByTestId('reconciliation-months')
      .locator('tbody tr.flagged[data-row]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')));
    expect(flagged).toEqual(months.filter((m) => m.flags.length > 0).map((m) => m.period));

    // The CSV: machine values, the June line as the API answered it.
    const { name, text } = await downloadText(page, 'reconciliation-months-csv');
    expect(name).toBe('jamrep-rekonsiliasi-bulan-35-2025.csv');
    const [header, ...lines] = parseCsv(text);
    expect(header).toHaveLength(14);
    const juneLine = lines.find((l) => l[0] === '2025-06')!;
    expect(juneLine).toEqual([
      '2025-06',
      ...[
        june.allocation,
        june.paid,
        june.cumulativePaid,
        june.realizationRate,
        june.cumulativeRealizationRate,
        june.participantsCovered,
      ].map(String),
      ...[june.participantMonths, june.expected, june.gap, june.costPerParticipantMonth, june.claimsPaid, june.benefitsToContributions].map(
        String,
      ),
      hand.flags.join(' '),
    ]);
  });

  it("does not show a regency's auditor or government another regency's anomalies", async () => {
    // An auditor bound to Jember sees Jember's anomaly only, as the API answers that token...
    const auditor = await signedInPage({ role: 'AUDITOR', region: '35.09' });
    expect(new URL(auditor.url()).pathname).toBe('/audit');
    expect(await settled(auditor, 'audit')).toBe('ready');
    const token = await env.auth.mint({ role: 'AUDITOR', region: '35.09' });
    const api = await env.graphql<{ anomalies: ApiAnomaly[] }>(ANOMALIES, {}, token);
    expect(api.errors).toBeUndefined();
    expect(api.data!.anomalies.map((a) => a.id)).toEqual(['EARLY_JKM_CLAIM#CLM-3']);
    expect(await anomalyRowIds(auditor)).toEqual(['EARLY_JKM_CLAIM#CLM-3']);
    expect(await auditor.getByTestId('audit-region-picker').locator('option').allInnerTexts()).toEqual(['Kabupaten Jember']);
    expect(await auditor.getByTestId('reconciliation-section').locator('h2').innerText()).toContain('Kabupaten Jember');

    // ...and asking for Banyuwangi is refused, not answered with an empty list.
    await auditor.goto('/audit?region=35.10');
    expect(await settled(auditor, 'audit')).toBe('error');
    const error = auditor.getByTestId('error');
    expect(await error.getAttribute('data-kind')).toBe('FORBIDDEN');
    expect(await error.locator('.error-sentence').innerText()).toBe('Anda tidak berwenang melihat data Kabupaten Banyuwangi.');
    expect(await auditor.getByTestId('anomalies-table').count()).toBe(0);
    await shot(auditor, 'audit-forbidden');

    // A regency government gets no anomaly list at all (its evidence names participants), its own
    // reconciliation, and a refusal for another regency.
    const government = await signedInPage({ role: 'REGENCY', region: '35.09' });
    await government.goto('/audit');
    expect(await settled(government, 'audit')).toBe('ready');
    expect(await government.getByTestId('anomalies-auditors-only').isVisible()).toBe(true);
    expect(await government.getByTestId('anomalies-table').count()).toBe(0);
    expect(await government.getByTestId('reconciliation-section').locator('h2').innerText()).toContain('Kabupaten Jember');
    const refused = await env.graphql(ANOMALIES, { f: { region: ['35.10'] } }, await env.auth.mint({ role: 'REGENCY', region: '35.09' }));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data ?? null).toBeNull();
    await government.goto('/audit?region=35.10');
    expect(await settled(government, 'audit')).toBe('error');
    expect(await government.getByTestId('error').getAttribute('data-kind')).toBe('FORBIDDEN');
    expect(await government.locator('main').innerText()).not.toContain('CLM-3');
  });

  it('runs a query in the bundled explorer with the signed-in token, without any CDN', async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: '35' });
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(env.server.url) && !request.url().startsWith('blob:') && !request.url().startsWith('data:'))
        foreign.push(request.url());
    });
    await page.goto('/explorer');
    const run = page.locator('.graphiql-execute-button');
    // Monaco fills the editor once its workers are up; a click before that has no query to run.
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 15_000 }).toContain('ProvinceRanking');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${env.server.url}/graphql` && (r.request().postData() ?? '').includes('ProvinceRanking')),
      run.click(),
    ]);
    // The preloaded example asks for the ranking; the API answered it for this token...
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as { data: { coverageRanking: { entries: Array<{ rank: number; region: { code: string } }> } } };
    expect(body.data.coverageRanking.entries[0]).toMatchObject({ rank: 1, region: { code: '35.10' } });
    // ...and the response pane shows it.
    await expect
      .poll(async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' '), { timeout: 15_000 })
      .toContain('"name": "Kabupaten Banyuwangi"');
    await shot(page, 'explorer');
    expect(foreign).toEqual([]);
  });

  it("preloads explorer examples that run as they are in the user's scope", async () => {
    for (const scope of ['35', '35.09']) {
      const role = scope.includes('.') ? 'REGENCY' : 'PROVINCE';
      const token = await env.auth.mint({ role, region: scope });
      const tabs = exampleTabs(scope, { year: 2025, firstRegencyOf: () => '35.09', defaultProvince: '35' });
      expect(tabs).toHaveLength(3);
      for (const tab of tabs) {
        const answer = await env.graphql(tab.query, JSON.parse(tab.variables ?? '{}') as Record<string, unknown>, token);
        expect(answer.errors, `${role} ${scope}: ${tab.query.split('\n')[0]}`).toBeUndefined();
      }
    }
  });

  it('opens a user without a region scope on the first province with figures, not the first of the list', async () => {
    // The reference list starts with Aceh (11); the fixture's figures are East Java's (35).
    const page = await signedInPage({ role: 'AUDITOR', region: null });
    await page.goto('/');
    expect(await settled(page, 'overview')).toBe('ready');
    expect(await page.getByTestId('province-picker').inputValue()).toBe('35');
    expect(await page.getByTestId('page-title').innerText()).toContain('Jawa Timur');
    await page.goto('/audit');
    expect(await settled(page, 'audit')).toBe('ready');
    expect(await page.getByTestId('audit-region-picker').inputValue()).toBe('35');
    await page.goto('/regency');
    expect(await settled(page, 'regency')).toBe('ready');
    expect(new URL(page.url()).pathname).toMatch(/^\/regency\/35\.\d{2}$/);
  });

  it('tells a user whose token has expired to sign in again', async () => {
    const page = await signedInPage({ role: 'PROVINCE', region: '35' });
    await settled(page, 'overview');
    const expired = await env.auth.mint({ role: 'PROVINCE', region: '35' }, { expiresInSeconds: -60 });
    const session = JSON.stringify({ token: expired, role: 'PROVINCE', region: '35', expiresAt: Date.now() - 60_000 });
    await page.evaluate(`sessionStorage.setItem('jamrep.session', ${JSON.stringify(session)})`);
    await page.reload();
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-kind')).toBe('TOKEN_EXPIRED');
    expect(await error.locator('.error-sentence').innerText()).toContain('Sesi Anda telah berakhir');
    await shot(page, 'expired');
    await error.getByRole('link', { name: 'Masuk kembali' }).click();
    await page.waitForURL('**/sign-in?returnTo=%2F');
  });

  it('switches labels to English and keeps the Indonesian number format', async () => {
    const page = await signedInPage({ role: 'PROVINCE', region: '35' });
    await settled(page, 'overview');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Jawa Timur province overview');
    await settled(page, 'overview');
    expect(await page.getByTestId('ranking-table').locator('thead th[data-col="coverage"]').innerText()).toContain('Coverage');
    expect((await cellTexts(page, 'ranking-table', 'coverage')).slice(0, 3)).toEqual(['100,0%', '75,0%', '25,0%']);
    expect(await figure(page, 'province-totals', 'paid')).toBe(EXPECTED_2025.province.paid);
    await shot(page, 'overview-english');
  });
});
