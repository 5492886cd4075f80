/**
 * Regions for the local sign-in form, which runs before there is a token to ask the API with: the
 * platform's reference data (reference/regions.json, generated from idn-area-data by `npm install`),
 * bundled at build time. Only its provinces and regencies are imported: Vite leaves the districts out.
 */
import { provinces, regencies } from '../../../reference/regions.json';
import type { RegionRef } from '../api/queries.js';

export interface ReferenceProvince extends RegionRef {
  regencies: RegionRef[];
}

export function referenceProvinces(): ReferenceProvince[] {
  const byProvince = new Map<string, RegionRef[]>();
  // A regency's code starts with its province's: 35.09 lies in 35.
  for (const [code, name] of regencies as [string, string][]) {
    const province = code.slice(0, 2);
    const list = byProvince.get(province) ?? [];
    list.push({ code, name });
    byProvince.set(province, list);
  }
  return (provinces as [string, string][]).map(([code, name]) => ({ code, name, regencies: byProvince.get(code) ?? [] }));
}
