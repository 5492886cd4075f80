import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RegionCatalog, regionsFromTable, regencyType, type RegionTable } from '../../../lambda/domain/regions.js';
import { referenceData } from '../../../lambda/reference-data.js';

// The package's own CSVs, read here independently of scripts/build-regions.mjs and reference/regions.json.
const packageDir = dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json'));
const csv = (file: string) =>
  parse(readFileSync(join(packageDir, 'data', file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const provinces = csv('provinces.csv');
const regencies = csv('regencies.csv');
const districts = csv('districts.csv');

const tiny: RegionTable = {
  source: 'test',
  provinces: [['35', 'Jawa Timur'], ['52', 'Nusa Tenggara Barat']],
  regencies: [['35.09', 'Kabupaten Jember'], ['35.73', 'Kota Malang'], ['52.03', 'Kabupaten Lombok Timur']],
  districts: [['35.09.02', 'Kencong'], ['35.09.01', 'X'], ['52.03.05', 'Masbagik']],
};

describe('region catalogue', () => {
  it('derives level, parent and type from code and name', () => {
    const regions = new RegionCatalog(regionsFromTable(tiny));
    expect(regions.get('35.73')).toEqual({ code: '35.73', name: 'Kota Malang', level: 'REGENCY', type: 'kota', parent: '35' });
    expect(regions.get('35.09')?.type).toBe('kabupaten');
    expect(regions.get('52.03.05')).toEqual({ code: '52.03.05', name: 'Masbagik', level: 'DISTRICT', type: 'kecamatan', parent: '52.03' });
    expect(regions.get('35')?.type).toBe('provinsi');
    expect(regencyType('Kota Administrasi Jakarta Pusat')).toBe('kota');
  });

  it('lists children by parent and level, in code order', () => {
    const regions = new RegionCatalog(regionsFromTable(tiny));
    expect(regions.provinces().map((r) => r.code)).toEqual(['35', '52']);
    expect(regions.children('35').map((r) => r.code)).toEqual(['35.09', '35.73']);
    expect(regions.children('35', 'DISTRICT').map((r) => r.code)).toEqual(['35.09.01', '35.09.02']);
    expect(regions.children(undefined, 'REGENCY').map((r) => r.code)).toEqual(['35.09', '35.73', '52.03']);
    expect(regions.children('35.09', 'REGENCY')).toEqual([]);
    expect(regions.children('99')).toEqual([]);
    expect(regions.districtsOf('35.73')).toEqual([]);
    expect(regions.districtsOf('35.09.01')).toEqual([]);
  });

  it('counts regions of a level within a region', () => {
    const regions = new RegionCatalog(regionsFromTable(tiny));
    expect(regions.count('DISTRICT')).toBe(3);
    expect(regions.count('DISTRICT', '35')).toBe(2);
    expect(regions.count('REGENCY', '52')).toBe(1);
    expect(regions.count('REGENCY', '35.09')).toBe(1);
    expect(regions.count('DISTRICT', '99')).toBe(0);
  });

  it('refuses a region whose parent is not listed, or a code listed twice', () => {
    expect(() => new RegionCatalog(regionsFromTable({ ...tiny, provinces: [['35', 'Jawa Timur']] }))).toThrow(/no parent 52/);
    expect(() => new RegionCatalog(regionsFromTable({ ...tiny, districts: [...tiny.districts, ['35.09.01', 'Y']] }))).toThrow(/twice/);
    expect(() => regionsFromTable({ ...tiny, regencies: [['3509', 'Kabupaten Jember']] })).toThrow(/not a regency code/);
  });
});

describe('the catalog with districts built on first use', () => {
  const table = JSON.parse(readFileSync(join(dirname(new URL(import.meta.url).pathname), '../../../reference/regions.json'), 'utf8')) as RegionTable;
  const upper = () => regionsFromTable({ ...table, districts: [] });
  const lower = () => regionsFromTable({ source: table.source, provinces: [], regencies: [], districts: table.districts });
  const eager = new RegionCatalog([...upper(), ...lower()]);

  it('does not build the districts for province and regency lookups', () => {
    let built = 0;
    const lazy = RegionCatalog.withLazyDistricts(upper(), () => (built++, lower()));
    expect(lazy.provinces()).toEqual(eager.provinces());
    expect(lazy.children('35', 'REGENCY')).toEqual(eager.children('35', 'REGENCY'));
    expect(lazy.children(undefined, 'REGENCY')).toEqual(eager.children(undefined, 'REGENCY'));
    expect(lazy.require('35.09')).toEqual(eager.require('35.09'));
    expect([lazy.isKnownRegency('35.09'), lazy.count('REGENCY', '35'), lazy.isQueryable('35'), lazy.get('99')]).toEqual([true, 38, true, undefined]);
    expect(built).toBe(0);
    expect(lazy.get('35.09.01')).toEqual(eager.get('35.09.01'));
    expect(built).toBe(1);
    lazy.districtsOf('35.10');
    expect(built).toBe(1);
  });

  // Every entry point that can reach a district, each on a fresh lazy catalog: each must load them itself.
  const probes: Array<[string, (c: RegionCatalog) => unknown]> = [
    ['get', (c) => c.get('35.09.01')],
    ['require', (c) => c.require('35.09.01')],
    ['require of an unknown district', (c) => { try { return c.require('35.09.99'); } catch (e) { return (e as Error).message; } }],
    ['children of a regency', (c) => c.children('35.09')],
    ['districts of a province', (c) => c.children('35', 'DISTRICT')],
    ['districts of the country', (c) => c.children(undefined, 'DISTRICT').length],
    ['districtsOf', (c) => c.districtsOf('35.09')],
    ['count of districts', (c) => [c.count('DISTRICT'), c.count('DISTRICT', '35'), c.count('DISTRICT', '35.09.01')]],
    ['isKnownDistrict', (c) => [c.isKnownDistrict('35.09.01'), c.isKnownDistrict('35.09.99')]],
    ['isQueryable', (c) => [c.isQueryable('35.09.01'), c.isQueryable('35.09.00'), c.isQueryable('35.09.99')]],
  ];
  it.each(probes)('%s answers as the eager catalog', (_name, probe) => {
    expect(probe(RegionCatalog.withLazyDistricts(upper(), lower))).toEqual(probe(eager));
  });

  it('refuses on first use a district list that is not districts or whose regency is unknown', () => {
    const regency = regionsFromTable({ ...tiny, districts: [] }).filter((r) => r.level === 'REGENCY')[0]!;
    expect(() => RegionCatalog.withLazyDistricts(upper(), () => [regency]).get('35.09.01')).toThrow(/not a district/);
    const stray = regionsFromTable({ source: 'test', provinces: [], regencies: [], districts: [['99.99.01', 'Nowhere']] });
    expect(() => RegionCatalog.withLazyDistricts(upper(), () => stray).get('99.99.01')).toThrow(/no parent 99.99/);
  });

  it('is what the reference data hands out', () => {
    const { regions } = referenceData();
    expect(regions.children('35.09')).toEqual(eager.children('35.09'));
    expect(regions.count('DISTRICT')).toBe(eager.count('DISTRICT'));
  });
});

describe('the shipped reference data (generated from idn-area-data 4.0.1)', () => {
  const { regions } = referenceData();

  it('holds every province, regency and district of the package, named as the package names them', () => {
    expect(regions.provinces()).toHaveLength(provinces.length);
    expect(provinces).toHaveLength(38);
    expect(regions.count('REGENCY')).toBe(514);
    expect(regions.count('DISTRICT')).toBe(7_285);
    for (const p of provinces) expect(regions.get(p.code!)?.name).toBe(p.name);
    for (const r of regencies) expect(regions.get(r.code!)).toMatchObject({ name: r.name, parent: r.province_code, level: 'REGENCY' });
    for (const d of districts) expect(regions.get(d.code!)).toMatchObject({ name: d.name, parent: d.regency_code, level: 'DISTRICT' });
  });

  it('gives East Java its 29 kabupaten and 9 kota, and names Jember and its districts', () => {
    const eastJava = regions.children('35', 'REGENCY');
    expect(regions.get('35')?.name).toBe('Jawa Timur');
    expect(eastJava.filter((r) => r.type === 'kabupaten')).toHaveLength(29);
    expect(eastJava.filter((r) => r.type === 'kota').map((r) => r.code)).toEqual(['35.71', '35.72', '35.73', '35.74', '35.75', '35.76', '35.77', '35.78', '35.79']);
    expect(regions.get('35.09')?.name).toBe('Kabupaten Jember');
    expect(regions.districtsOf('35.09')).toHaveLength(districts.filter((d) => d.regency_code === '35.09').length);
    expect(regions.isKnownDistrict('35.09.31')).toBe(true);
    expect(regions.isKnownDistrict('35.09.32')).toBe(false);
    expect(regions.count('DISTRICT', '35')).toBe(districts.filter((d) => d.code!.startsWith('35.')).length);
  });
});
