import { utcTime } from '../../format/units.js';
import type { CostReport } from '../model.js';
import type { ReportDocument } from './document.js';
import { breakdownSection, efficiencySection } from './sections-breakdowns.js';
import { headerSection, projectionSection, totalsSection } from './sections-overview.js';
import { pricingSection, warningsSection } from './sections-quality.js';
import { anomaliesSection, trendsSection } from './sections-time.js';

/** Every section of the report, in the order all formats print them. */
export function buildDocument(r: CostReport): ReportDocument {
  return {
    title: 'llmcost report',
    subtitle: `${utcTime(r.window.since)} to ${utcTime(r.window.until)}`,
    sections: [
      headerSection(r),
      totalsSection(r),
      projectionSection(r),
      ...r.breakdowns.map((b) => breakdownSection(b, r)),
      efficiencySection(r),
      anomaliesSection(r),
      trendsSection(r),
      pricingSection(r),
      warningsSection(r),
    ],
  };
}
