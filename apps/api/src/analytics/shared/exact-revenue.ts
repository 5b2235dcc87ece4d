import { formatMinorUnits } from '@lifeline/customers/domain';

/**
 * An exact sum as the API answers it: `revenueAmount`, the decimal string of the currency (exact at
 * any size), and `revenueMinor`, integer minor units as a JSON number — exact below 2^53, kept for
 * readers written before sums could pass it.
 */
export function exactRevenue(minor: bigint): { revenueMinor: number; revenueAmount: string } {
  return { revenueMinor: Number(minor), revenueAmount: formatMinorUnits(minor) };
}
