/**
 * The auditor's import ledger page (issue 15) in Chromium: the imports of a date range with the SHA-256
 * of each file (computed here), outcome and counts, a row unfolding to the changed fields with personal
 * data masked, Bahasa Indonesia by default with the English switch; governments are told it is for auditors.
 */
import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../support/random-dataset.js';
import { startBrowserPlatform, type BrowserPlatform, type Identity } from './support.js';
import { rosterRow, type RosterRow } from '../../support/roster-row.js';

const person = (id: string, nik: string, name: string, over: RosterRow = {}) => rosterRow({ participant_id: id, nik, name, ...over });
const a = person('40000000001', '3509011508900001', 'Agus Salim');
const b = person('40000000002', '3509011508900002', 'Bambang Irawan');
const roster = Buffer.from(toCsv([a, b]));
const corrected = Buffer.from(toCsv([{ ...a, sector: 'FISHER' }, b]));
const bad = Buffer.from(toCsv([person('40000000003', '123', 'Citra Dewi')]));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let env: BrowserPlatform;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  env = await startBrowserPlatform();
  expect((await env.platform.importCsv('participants', roster, 'roster.csv', { subject: 'officer-jember', role: 'REGENCY', scope: '35.09' })).errors).toEqual([]);
  await env.platform.drain();
  expect((await env.platform.importCsv('participants', corrected, 'roster-corrected.csv')).written).toBe(1);
  expect((await env.platform.importCsv('participants', bad, 'roster-bad.csv')).errors.length).toBeGreaterThan(0);
}, 240_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await env?.stop();
});

async function signedInPage(identity: Identity): Promise<Page> {
  const context = await env.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await env.signIn(page, identity);
  return page;
}

const cells = (page: Page, column: string) => page.getByTestId('imports-table').locator(`tbody tr:not(.row-details) td[data-col="${column}"]`).allInnerTexts();

describe('auditor import ledger page', () => {
  it('lists the imports of today with their hashes, outcome and counts, newest first, and unfolds the changes', async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: null });
    await page.goto('/audit/imports');
    await page.getByTestId('audit-imports').and(page.locator('[data-state="ready"]')).waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Buku catatan impor');
    expect(await cells(page, 'file')).toEqual(['roster-bad.csv', 'roster-corrected.csv', 'roster.csv']);
    expect(await cells(page, 'sha256')).toEqual([sha(bad), sha(corrected), sha(roster)]);
    expect(await cells(page, 'outcome')).toEqual(['Ditolak', 'Diterima', 'Diterima']);
    expect(await cells(page, 'written')).toEqual(['0', '1', '2']);
    expect(await cells(page, 'unchanged')).toEqual(['0', '1', '0']);
    expect(await cells(page, 'rejected')).toEqual(['1', '0', '0']);
    expect(await cells(page, 'subject')).toEqual(['test', 'test', 'officer-jember']);

    const row = page.getByTestId('imports-table').locator(':scope > tbody > tr:not(.row-details)').nth(1);
    await row.locator('button.details-toggle').click();
    const changes = page.getByTestId('import-changes').filter({ visible: true });
    const text = await changes.innerText();
    expect(text).toContain('periods[2025-01].sector');
    expect(text).toContain('TOBACCO_FARM_WORKER');
    expect(text).toContain('FISHER');
    // The first roster's details name both participants, masked.
    await page.getByTestId('imports-table').locator(':scope > tbody > tr:not(.row-details)').nth(2).locator('button.details-toggle').click();
    const all = await page.getByTestId('imports-table').innerText();
    expect(all).toContain('3509********0001');
    expect(all).toContain('A*** S****');
    for (const clear of ['3509011508900001', 'Agus', 'Bambang', 'Citra', '1990-08-15']) expect(all).not.toContain(clear);

    await page.getByTestId('language-switch').click();
    await page.getByTestId('audit-imports').and(page.locator('[data-state="ready"]')).waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Import ledger');
    expect(await cells(page, 'outcome')).toEqual(['Rejected', 'Accepted', 'Accepted']);
  });

  it('shows nothing for a date range without imports', async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: null });
    await page.goto('/audit/imports?from=2020-01-01&to=2020-01-31');
    await page.getByTestId('audit-imports').and(page.locator('[data-state="ready"]')).waitFor();
    await page.getByTestId('imports-none').waitFor();
  });

  it('tells a regency officer the ledger is for auditors, without asking the API', async () => {
    const page = await signedInPage({ role: 'REGENCY', region: '35.09' });
    await page.goto('/audit/imports');
    await page.getByTestId('imports-auditors-only').waitFor();
    expect(await page.getByTestId('imports-table').count()).toBe(0);
  });
});
