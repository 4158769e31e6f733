/** Median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median absolute deviation scaled to a standard deviation: 1.4826 * MAD estimates sigma for normal data,
 * and a few outliers (past spikes) barely move it, unlike the sample standard deviation.
 * https://en.wikipedia.org/wiki/Median_absolute_deviation#Relation_to_standard_deviation
 */
export const MAD_TO_SD = 1.4826;

export function robustSd(values: readonly number[], center: number): number {
  return MAD_TO_SD * median(values.map((v) => Math.abs(v - center)));
}
