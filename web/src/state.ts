/**
 * What the pages share and fetch once per sign-in: the region catalogue (names for pickers and error
 * messages) and the years that hold figures in the user's scope (for the period picker).
 */
import { query } from './api/client.js';
import { AVAILABILITY, REGIONS, valueOf, type RegionRef } from './api/queries.js';
import type { RegionsQuery } from './generated/graphql.js';

type Province = RegionsQuery['provinces'][number];

let provinces: Province[] | undefined;
const availability = new Map<string, Promise<Availability>>();

export interface Availability {
  /** Years with any figure, ascending. */
  years: number[];
  /** The latest year with contributions paid: the last year fully reported. */
  defaultYear: number;
  /** For a user without a region scope: the provinces with any participant in those years, by code. Else empty. */
  provinces: string[];
}

/**
 * The province a page opens on when neither the URL nor the user's scope names one: the first province
 * (by code) that holds figures, else the first of the reference list, else none (no regions at all).
 * Derived from the data, so no province is written into the dashboard.
 */
export function defaultProvince(availability: Availability): string | undefined {
  return availability.provinces[0] ?? provinces?.[0]?.code;
}

export function resetState(): void {
  provinces = undefined;
  availability.clear();
}

export async function loadCatalog(signal?: AbortSignal): Promise<Province[]> {
  provinces ??= (await query(REGIONS, {}, signal)).provinces;
  return provinces;
}

export function allProvinces(): RegionRef[] {
  return provinces ?? [];
}

export function regenciesOf(province: string): RegionRef[] {
  return provinces?.find((p) => p.code === province)?.regencies ?? [];
}

export function provinceOf(code: string): string {
  return code.split('.')[0]!;
}

/** A region's name, or its code when the catalogue does not know it. */
export function regionLabel(code: string): string {
  for (const province of provinces ?? []) {
    if (province.code === code) return province.name;
    const regency = province.regencies.find((r) => r.code === code);
    if (regency) return regency.name;
  }
  return code;
}

/**
 * Years with figures from `earliestYear` to next year. Ongoing coverage periods count up to the
 * platform's horizon, so a year can hold participants but no payments yet: the default is the latest
 * year with payments, else the latest year up to this one.
 */
export function loadAvailability(scope: string | null, earliestYear: number): Promise<Availability> {
  const key = scope ?? '*';
  let pending = availability.get(key);
  if (!pending) {
    const thisYear = new Date().getFullYear();
    pending = query(AVAILABILITY, {
      scope: scope ? [scope] : null,
      from: `${earliestYear}-01`,
      to: `${thisYear + 1}-12`,
      national: scope === null,
    }).then(({ years: { rows }, provinces }) => {
      const years = rows.map((r) => Number(r.period)).sort((a, b) => a - b);
      const paid = rows.filter((r) => (valueOf(r.values, 'CONTRIBUTIONS_IDR') ?? 0) > 0).map((r) => Number(r.period));
      const upToNow = years.filter((y) => y <= thisYear);
      const defaultYear = paid.length ? Math.max(...paid) : upToNow.length ? Math.max(...upToNow) : thisYear;
      // A withheld value (small cells, PUBLIC) still means the province holds figures.
      const withData = (provinces?.rows ?? []).filter((r) => r.regionCode && r.values.some((v) => v.suppressed || (v.value ?? 0) > 0));
      const provinceCodes = [...new Set(withData.map((r) => r.regionCode!))].sort();
      return { years: years.length ? years : [thisYear], defaultYear, provinces: provinceCodes };
    });
    // A failed lookup (expired token, network) is retried on the next page, not cached.
    pending.catch(() => availability.delete(key));
    availability.set(key, pending);
  }
  return pending;
}
