/**
 * The reference dashboard in a real browser (the machine's Chromium): built by Vite, served with the API
 * Lambda handler by the local HTTP server, on a platform holding a small hand-counted fixture. What
 * users rely on: the figures on screen are the API's (and the hand-worked ones), a click opens a
 * regency, a regency government cannot see another regency, the auditor's table exports as shown, the
 * explorer runs queries without reaching any CDN, and an expired session says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exampleTabs } from '../../../web/src/pages/explorer-examples.js';
import { EXPECTED_2025, FIXTURE_FILES } from './fixture.js';
import { ARTIFACTS, parseIndonesian, startBrowserPlatform, type BrowserPlatform, type Identity } from './support.js';

let env: BrowserPlatform;

beforeAll(async () => {
  env = await startBrowserPlatform();
  for (const [kind, csv] of FIXTURE_FILES) {
    const report = await env.platform.importCsv(kind, csv);
    expect(report.errors, `${kind}.csv`).toEqual([]);
  }
  await env.platform.drain();
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
    expect(await page.getByTestId('audit-notice').innerText()).toContain('Daftar anomali');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gap-csv').click()]);
    expect(download.suggestedFilename()).toBe('jamrep-iuran-35-2025.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'Kode,Kabupaten/kota,Sumber dana,Peserta ditagih,Iuran seharusnya,Iuran dibayar,Selisih (kurang bayar),Dibayar / seharusnya',
    );
    const rows = lines.map((line) => line.split(','));
    expect(rows.map((r) => [r[0], r[2], ...r.slice(3, 7).map(Number)])).toEqual(EXPECTED_2025.gapRows);
    // The table on screen, in the same order, with the same figures in Indonesian notation.
    expect((await cellTexts(page, 'gap-table', 'gap')).map(parseIndonesian)).toEqual(EXPECTED_2025.gapRows.map((r) => r[5]));
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
      const tabs = exampleTabs(scope, { year: 2025, firstRegencyOf: () => '35.09' });
      expect(tabs).toHaveLength(3);
      for (const tab of tabs) {
        const answer = await env.graphql(tab.query, JSON.parse(tab.variables ?? '{}') as Record<string, unknown>, token);
        expect(answer.errors, `${role} ${scope}: ${tab.query.split('\n')[0]}`).toBeUndefined();
      }
    }
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
