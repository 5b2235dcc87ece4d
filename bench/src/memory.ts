/** Peak resident set size, sampled by the caller at points of its choosing (e.g. after every batch). */
export class RssSampler {
  private peakBytes = process.memoryUsage.rss();

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  get peakMb(): number {
    return toMb(this.peakBytes);
  }
}

/** The OS's peak RSS of the whole process so far (not just the sampled phase). */
export function processMaxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024); // maxRSS is in KiB
}

export function toMb(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
