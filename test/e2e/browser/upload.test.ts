/**
 * The upload page (issue 15) in Chromium, through the real path: the API's ticket, the local server's
 * upload route (the stand-in for the presigned S3 PUT), the import with the uploader's scope, the ledger
 * and `upload(id)`. A Jember (35.09) officer downloads the template, uploads a good roster, one with a bad
 * row and one with a row of Banyuwangi; the auditor then finds all three in the import ledger under the
 * officer's subject with the files' SHA-256 (computed here). An upload the officer walks away from stays
 * in the page's list and shows its result on return. Expected counts are worked out from the files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../support/random-dataset.js';
import { ARTIFACTS, startBrowserPlatform, type BrowserPlatform, type Identity } from './support.js';
import { rosterRow, type RosterRow } from '../../support/roster-row.js';

const person = (id: string, nik: string, name: string, over: RosterRow = {}) => rosterRow({ participant_id: id, nik, name, ...over });
const agus = person('50000000001', '3509011508900001', 'Agus Salim');
// Two coverage periods of one participant: two rows, one record.
const budi1 = person('50000000002', '3509011508900002', 'Budi Santoso', { sector: 'FISHER', start_month: '2024-01', end_month: '2024-06' });
const budi2 = person('50000000002', '3509011508900002', 'Budi Santoso', { start_month: '2025-01' });
const citra = person('50000000003', '3509014108900003', 'Citra Dewi', { gender: 'P' });

/** 4 rows (lines 2-5), 3 participants (records), 4 coverage periods, nothing stored before. */
const good = Buffer.from(toCsv([agus, budi1, budi2, citra]));
/** Line 2 would change Agus's sector; line 3 has a gender that is neither L nor P: rejected whole. */
const bad = Buffer.from(toCsv([{ ...agus, sector: 'FISHER' }, { ...citra, gender: 'X' }]));
/** Line 2 is Agus as stored; line 3 is a participant of Banyuwangi (35.10), outside the officer's scope. */
const outside = Buffer.from(toCsv([agus, person('50000000009', '3510011508900009', 'Dewi Lestari', { regency_code: '35.10' })]));
/** Jember's DBHCHT allocation for 2026, nothing stored before: one record written. */
const budget = Buffer.from(toCsv([{ regency_code: '35.09', fiscal_year: '2026', allocation_idr: '1500000000' }]));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** README, CSV formats: the roster's columns, the required ones first, then the optional (district, end). */
const PARTICIPANT_COLUMNS = [
  'participant_id',
  'nik',
  'name',
  'gender',
  'birth_date',
  'regency_code',
  'sector',
  'programs',
  'funding_source',
  'start_month',
  'district_code',
  'end_month',
];

const OFFICER: Identity = { role: 'REGENCY', region: '35.09' };
/** The subject test/e2e/browser/support.ts's development tokens carry for the officer. */
const OFFICER_SUBJECT = 'dev-regency-35.09';

let env: BrowserPlatform;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  env = await startBrowserPlatform();
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

const texts = (page: Page, table: string, column: string) =>
  page.getByTestId(table).locator(`tbody tr:not(.row-details) td[data-col="${column}"]`).allInnerTexts();
const figure = (page: Page, id: string) => page.getByTestId('upload-counts').locator(`[data-figure="${id}"] dd`).innerText();

/** Chooses the file, uploads it, waits until the page shows its result: `OUTCOME: what the page says`. */
async function upload(page: Page, name: string, bytes: Buffer): Promise<string> {
  await page.getByTestId('upload-kind').selectOption('PARTICIPANTS');
  await page.getByTestId('upload-file').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  // Submitting clears the previous result, so the outcome awaited is this upload's.
  await page.getByTestId('upload-submit').click();
  await page.locator('[data-testid="upload-result"][data-outcome]').waitFor({ timeout: 150_000 });
  // An import that threw leaves the page waiting for a result: this says why.
  await env.uploads.idle();
  expect(env.uploadFailures).toEqual([]);
  const result = page.getByTestId('upload-result');
  // The page's sentence goes with the outcome, so a failure says what the page said.
  return `${await result.getAttribute('data-outcome')}: ${await result.innerText()}`;
}

describe('upload page', () => {
  it('uploads a roster: template, accepted counts, a bad row and an out-of-scope row named, all in the ledger', async () => {
    const page = await signedInPage(OFFICER);
    await page.getByRole('navigation').getByRole('link', { name: 'Unggah data' }).click();
    await page.getByTestId('upload').and(page.locator('[data-state="ready"]')).waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Unggah data');
    expect(await page.getByTestId('upload-scope-rule').innerText()).toContain('Kabupaten Jember');
    expect(await page.getByTestId('upload-history-none').count()).toBe(1);

    // The template: its header is the roster's columns.
    await page.getByTestId('upload-kind').selectOption('PARTICIPANTS');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('upload-template').click()]);
    expect(download.suggestedFilename()).toBe('participants-template.csv');
    const template = readFileSync(await download.path(), 'utf8');
    expect(template.split('\n')[0]!.split(',')).toEqual(PARTICIPANT_COLUMNS);

    // A good roster: 4 rows read, 3 participants written, none unchanged, 4 periods added.
    expect(await upload(page, 'roster.csv', good)).toMatch(/^ACCEPTED: /);
    expect(await page.getByTestId('upload-summary').innerText()).toContain('Diterima');
    expect(await figure(page, 'rowsRead')).toBe('4');
    expect(await figure(page, 'written')).toBe('3');
    expect(await figure(page, 'unchanged')).toBe('0');
    expect(await figure(page, 'periodsAdded')).toBe('4');
    expect(await figure(page, 'periodsChanged')).toBe('0');
    expect(await figure(page, 'periodsRemoved')).toBe('0');
    await page.screenshot({ path: join(ARTIFACTS, 'upload-accepted.png'), fullPage: true });

    // One bad row: named by line and column, nothing written.
    expect(await upload(page, 'roster-bad.csv', bad)).toMatch(/^REJECTED: /);
    expect(await page.getByTestId('upload-summary').innerText()).toContain('tidak ada yang ditulis');
    expect(await texts(page, 'upload-errors', 'line')).toEqual(['3']);
    expect(await texts(page, 'upload-errors', 'column')).toEqual(['gender']);

    // A row of another regency: rejected whole, the row named as outside the scope.
    expect(await upload(page, 'roster-banyuwangi.csv', outside)).toMatch(/^REJECTED: /);
    expect(await texts(page, 'upload-errors', 'line')).toEqual(['3']);
    expect(await texts(page, 'upload-errors', 'column')).toEqual(['regency_code']);
    const [reason] = await texts(page, 'upload-errors', 'reason');
    expect(reason).toMatch(/^OUT_OF_SCOPE/);
    await page.screenshot({ path: join(ARTIFACTS, 'upload-rejected.png'), fullPage: true });
    // The page never shows a value of the file.
    const shown = await page.getByTestId('upload').innerText();
    for (const value of ['3510011508900009', 'Dewi', 'Banyuwangi,']) expect(shown).not.toContain(value);

    // This session's list, newest first.
    expect(await texts(page, 'upload-history-table', 'file')).toEqual(['roster-banyuwangi.csv', 'roster-bad.csv', 'roster.csv']);
    expect(await texts(page, 'upload-history-table', 'outcome')).toEqual(['Ditolak', 'Ditolak', 'Diterima']);

    // A spreadsheet that is not a CSV file is refused on the page, in the reader's language.
    await page.getByTestId('upload-file').setInputFiles({ name: 'roster.xlsx', mimeType: 'application/octet-stream', buffer: good });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-not-csv').waitFor();
    expect(await page.getByTestId('upload-history-table').locator('tbody tr').count()).toBe(3);

    // In English the page and its list follow; the list outlives the language switch.
    await page.getByTestId('language-switch').click();
    await page.getByTestId('upload').and(page.locator('[data-state="ready"]')).waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Upload data');
    expect(await texts(page, 'upload-history-table', 'outcome')).toEqual(['Rejected', 'Rejected', 'Accepted']);

    // The records are those of the good file: Agus still a tobacco farm worker, nobody of Banyuwangi.
    await env.uploads.idle();
    await env.platform.drain();
    const auditor = await env.auth.mint({ role: 'AUDITOR', region: null });
    type Answer = { participants: { nodes: Array<{ participantId: string; gender: string; periods: Array<{ start: string; sector: string }> }> } };
    const list = async (region: string) => {
      const answer = await env.graphql<Answer>(
        'query($region: String!) { participants(filter: { region: $region }, first: 100) { nodes { participantId gender periods { start sector } } } }',
        { region },
        auditor,
      );
      expect(answer.errors).toBeUndefined();
      return answer.data!.participants.nodes;
    };
    const jember = await list('35.09');
    expect(jember.map((p) => p.participantId)).toEqual(['50000000001', '50000000002', '50000000003']);
    expect(jember[0]!.periods).toEqual([{ start: '2025-01', sector: 'TOBACCO_FARM_WORKER' }]);
    expect(jember[2]!.gender).toBe('P');
    expect(await list('35.10')).toEqual([]);
  }, 300_000);

  it("lists the three uploads in the auditor's import ledger, with the officer's subject and the files' SHA-256", async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: null });
    // Uploading is not for auditors: no link.
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Unggah data' }).count()).toBe(0);
    await page.goto('/audit/imports');
    await page.getByTestId('audit-imports').and(page.locator('[data-state="ready"]')).waitFor();
    const cells = (column: string) => texts(page, 'imports-table', column);
    expect(await cells('sha256')).toEqual([sha(outside), sha(bad), sha(good)]);
    expect(await cells('subject')).toEqual([OFFICER_SUBJECT, OFFICER_SUBJECT, OFFICER_SUBJECT]);
    expect(await cells('role')).toEqual(['REGENCY 35.09', 'REGENCY 35.09', 'REGENCY 35.09']);
    expect(await cells('outcome')).toEqual(['Ditolak', 'Ditolak', 'Diterima']);
    expect(await cells('written')).toEqual(['0', '0', '3']);
    expect(await cells('rejected')).toEqual(['1', '1', '0']);
    const files = await cells('file');
    expect(files).toHaveLength(3);
    ['roster-banyuwangi.csv', 'roster-bad.csv', 'roster.csv'].forEach((name, i) => expect(files[i]).toMatch(new RegExp(`(^|/)${name.replace('.', '\\.')}$`)));
  });

  it('keeps an upload the officer walked away from in the list, and shows its result on coming back', async () => {
    const page = await signedInPage(OFFICER);
    await page.goto('/upload');
    await page.getByTestId('upload').and(page.locator('[data-state="ready"]')).waitFor();
    await page.getByTestId('upload-kind').selectOption('BUDGETS');
    await page.getByTestId('upload-file').setInputFiles({ name: 'pagu.csv', mimeType: 'text/csv', buffer: budget });
    await page.getByTestId('upload-submit').click();
    // Stored (the PUT succeeded), the import running: the officer opens another page.
    await page.locator('[data-testid="upload-status"][data-phase="PENDING"], [data-testid="upload-result"][data-outcome]').first().waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Kabupaten/kota' }).click();
    await page.waitForURL((url) => url.pathname !== '/upload');
    await env.uploads.idle();
    await page.getByRole('navigation').getByRole('link', { name: 'Unggah data' }).click();
    const row = page.getByTestId('upload-history-table').locator('tbody tr').filter({ hasText: 'pagu.csv' });
    // One budget row, new: accepted, one record written.
    await row.locator('td[data-col="outcome"]', { hasText: 'Diterima' }).waitFor();
    expect(await row.locator('td[data-col="written"]').innerText()).toBe('1');
    expect(await row.locator('td[data-col="kind"]').innerText()).toBe('Pagu DBHCHT');
  });

  it('tells an auditor that uploading is for governments, without asking the API', async () => {
    const page = await signedInPage({ role: 'AUDITOR', region: null });
    await page.goto('/upload');
    await page.getByTestId('upload-roles-only').waitFor();
    expect(await page.getByTestId('upload-form').count()).toBe(0);
  });
});
