#!/usr/bin/env node
// Builds reference/regions.json, the platform's one list of regions (provinces, regencies and cities,
// districts), from the CSVs of the npm package idn-area-data (pinned exactly in package.json). Run by
// `npm install` (postinstall); nothing reads the package at run time, so the Lambda bundles, which copy
// reference/, carry the regions without node_modules. Villages are left out: no query goes below the
// district, and they would multiply the file (and every cold start's JSON.parse) by about ten.
//
// The file is generated, not committed: the pinned package is the source, and a committed copy could
// silently disagree with it. To move to a newer Kemendagri list: bump the pin, `npm install`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('idn-area-data/package.json'));
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const target = join(root, 'reference', 'regions.json');

/** Rows of one CSV of the package; every row must carry the expected columns. */
function read(file, columns) {
  const path = join(packageDir, 'data', file);
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  rows.forEach((row, i) => {
    for (const column of columns) {
      if (!row[column]) throw new Error(`idn-area-data ${file} line ${i + 2}: ${column} is empty`);
    }
  });
  return rows;
}

/** The codes are dotted Kemendagri codes whose prefix is the parent: check it rather than trust it. */
function checkCode(file, row, i, pattern, parent) {
  if (!pattern.test(row.code)) throw new Error(`idn-area-data ${file} line ${i + 2}: code ${row.code} is not of the form ${pattern}`);
  if (parent !== undefined && !row.code.startsWith(`${parent}.`)) {
    throw new Error(`idn-area-data ${file} line ${i + 2}: code ${row.code} does not lie in its parent ${parent}`);
  }
}

const provinces = read('provinces.csv', ['code', 'name']);
provinces.forEach((row, i) => checkCode('provinces.csv', row, i, /^\d{2}$/));
const provinceCodes = new Set(provinces.map((row) => row.code));

const regencies = read('regencies.csv', ['code', 'province_code', 'name']);
regencies.forEach((row, i) => {
  checkCode('regencies.csv', row, i, /^\d{2}\.\d{2}$/, row.province_code);
  if (!provinceCodes.has(row.province_code)) throw new Error(`idn-area-data regencies.csv line ${i + 2}: unknown province ${row.province_code}`);
});
const regencyCodes = new Set(regencies.map((row) => row.code));

const districts = read('districts.csv', ['code', 'regency_code', 'name']);
districts.forEach((row, i) => {
  checkCode('districts.csv', row, i, /^\d{2}\.\d{2}\.\d{2}$/, row.regency_code);
  if (!regencyCodes.has(row.regency_code)) throw new Error(`idn-area-data districts.csv line ${i + 2}: unknown regency ${row.regency_code}`);
});

// [code, name] pairs only, districts last (lambda/reference-data.ts parses them only when first asked
// for): the parent is the code's prefix and the level its number of parts, so
// neither is repeated 7,800 times (lambda/domain/regions.ts derives them).
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const pairs = (rows) => [...rows].sort(byCode).map((row) => [row.code, row.name]);
const body = {
  source: `idn-area-data@${version}`,
  provinces: pairs(provinces),
  regencies: pairs(regencies),
  districts: pairs(districts),
};

mkdirSync(dirname(target), { recursive: true });
// Written whole then renamed, so a reader never sees half a file.
writeFileSync(`${target}.tmp`, `${JSON.stringify(body)}\n`);
renameSync(`${target}.tmp`, target);
console.log(
  `Regions from idn-area-data@${version}: ${provinces.length} provinces, ${regencies.length} regencies and cities, ` +
    `${districts.length} districts -> reference/regions.json`,
);
