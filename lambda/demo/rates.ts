/**
 * Monthly contribution of a BPU participant at the minimum declared income
 * (Rp 1,000,000), as in reference/contribution-rates.csv for 2015-07 onwards.
 * The demo covers 2024-2025 only, when none of these changed, so a constant is
 * exact here; the product itself reads the rate table with its effective dates.
 */

/** PP 44/2015: JKK is 1 % of declared income for BPU. */
export const JKK_MONTHLY_IDR = 10_000;
/** PP 44/2015: JKM is a flat Rp 6,800 for BPU. */
export const JKM_MONTHLY_IDR = 6_800;
/** PP 46/2015: JHT is 2 % of declared income for BPU. */
export const JHT_MONTHLY_IDR = 20_000;

/** The package regencies pay: JKK + JKM = Rp 16,800 per person per month. */
export const BASE_PACKAGE_IDR = JKK_MONTHLY_IDR + JKM_MONTHLY_IDR;

export function monthlyRate(withJht: boolean): number {
  return withJht ? BASE_PACKAGE_IDR + JHT_MONTHLY_IDR : BASE_PACKAGE_IDR;
}

/** PP 82/2019: JKM pays Rp 42,000,000 in total (lump sum, periodic and funeral parts). */
export const JKM_BENEFIT_IDR = 42_000_000;
/** PP 82/2019: JKK death benefit is 48 x declared income. */
export const JKK_DEATH_BENEFIT_IDR = 48 * 1_000_000;
