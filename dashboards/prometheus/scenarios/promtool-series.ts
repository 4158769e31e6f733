/**
 * One input series of a promtool test, built sample by sample and written in promtool's expanding notation
 * (`start+stepxN`: N+1 samples, each the previous plus step; `_xN`: N missing samples).
 * https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/#series
 *
 * promtool expands `start+stepxN` by repeated addition in float64, as JavaScript does: the builder keeps the
 * value promtool will compute, and starts each new run from it, printed in full (shortest round-trip form),
 * so a counter written here never drifts or dips between runs (a dip would read as a counter reset).
 */
export class PromtoolSeries {
  private readonly parts: string[] = [];
  private runStart = 0;
  private runStep = 0;
  private runCount = 0;
  private blanks = 0;
  /** The series' value at its last sample, as promtool computes it. */
  private value = 0;
  private hasSample = false;

  constructor(readonly selector: string) {}

  /** The next sample: `value` exactly (a gauge, or a counter after a reset). */
  set(value: number): void {
    this.flushBlanks();
    this.closeRun();
    this.runStart = value;
    this.runStep = 0;
    this.runCount = 1;
    this.value = value;
    this.hasSample = true;
  }

  /** The next sample: the previous one plus `increment` (a counter or a month-to-date gauge). */
  add(increment: number): void {
    if (!this.hasSample) {
      this.set(increment);
      return;
    }
    if (this.blanks === 0 && this.runCount > 0 && (this.runCount === 1 || increment === this.runStep)) {
      this.runStep = increment;
      this.runCount++;
      this.value += increment;
      return;
    }
    this.set(this.value + increment);
  }

  /** A missing sample (a scrape that failed, a series that does not exist yet). */
  skip(): void {
    this.closeRun();
    this.blanks++;
  }

  /** The value of the last sample (as promtool computes it). */
  get last(): number {
    return this.value;
  }

  /** The `values` string; missing samples after the last one are left out (the series just ends). */
  values(): string {
    this.closeRun();
    return this.parts.join(' ');
  }

  private flushBlanks(): void {
    if (this.blanks > 0) this.parts.push(this.blanks === 1 ? '_' : `_x${this.blanks}`);
    this.blanks = 0;
  }

  private closeRun(): void {
    if (this.runCount === 0) return;
    const n = this.runCount - 1;
    const start = String(this.runStart);
    if (n === 0) this.parts.push(start);
    else if (this.runStep === 0) this.parts.push(`${start}x${n}`);
    else if (this.runStep > 0) this.parts.push(`${start}+${String(this.runStep)}x${n}`);
    else this.parts.push(`${start}-${String(-this.runStep)}x${n}`);
    this.runCount = 0;
  }
}
