import { it } from 'vitest';
import { scoreHours } from '../src/report/analytics/index.js';
function prng(seed: number) { let a = seed >>> 0; return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
function normal(seed: number) { const n = prng(seed); return () => Math.sqrt(-2 * Math.log(1 - n())) * Math.cos(2 * Math.PI * n()); }
const shape = (hour: number) => { const day = Math.floor(hour / 24) % 7; const h = hour % 24; const d = h >= 9 && h < 18 ? 10 : h >= 7 && h < 21 ? 4 : 0.5; return day >= 5 ? 0.3 * d : d; };
it('x', () => {
  const t0 = Date.now();
  for (const kind of ['gauss', 'lognorm']) for (const noise of [0.05, 0.1, 0.15, 0.2, 0.3]) {
    let fp = 0, scored = 0, det = 0, det2 = 0, spikes = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const d = normal(seed * 7919);
      const c = Array.from({ length: 56 * 24 }, (_, i) => Math.max(0, kind === 'gauss' ? shape(i) * (1 + noise * d()) : shape(i) * Math.exp(noise * d() - noise * noise / 2)));
      const s = scoreHours(c); s.forEach((x) => { if (x.zScore !== null) scored++; if (x.anomaly) fp++; });
      const r = prng(seed);
      for (let j = 0; j < 10; j++) { const at = 14 * 24 + Math.floor(r() * 42 * 24); const c2 = [...c]; c2[at] += 5 * 3.833; spikes++; if (scoreHours(c2)[at]!.anomaly) det++; const c3 = [...c]; c3[at] += 2 * 3.833; if (scoreHours(c3)[at]!.anomaly) det2++; }
    }
    console.log(kind, noise, 'FP/hour', (fp / scored).toExponential(2), 'fp', fp, 'of', scored, 'spike5x', det, '/', spikes, 'spike2x', det2);
  }
  console.log('ms', Date.now() - t0);
});
