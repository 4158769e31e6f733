/** The closing sections: how well the calls were priced, and the warnings. */
import { int } from '../../format/units.js';
import type { CostReport } from '../model.js';
import type { Block, Section } from './document.js';
import { KEY_WIDTH } from './sections-breakdowns.js';

export function pricingSection(r: CostReport): Section {
  const q = r.pricingQuality;
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        ['Priced calls', int(r.totals.pricedCalls)],
        ['Estimated calls', `${int(q.estimatedCalls)} (priced from locally counted tokens)`],
        ['Unpriced calls', `${int(q.unpricedCalls)} (no known price: not in the cost totals)`],
        ['Pricing table', q.pricingVersion],
      ],
    },
  ];
  if (q.unpricedModels.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'unpriced model', maxWidth: KEY_WIDTH },
        { header: 'calls', align: 'right' },
      ],
      rows: q.unpricedModels.map((m) => [m.model, int(m.calls)]),
    });
    blocks.push({
      kind: 'text',
      text: 'Add these models to a pricing override file; check it with: llmcost pricing --check FILE',
    });
  }
  return { id: 'pricing', title: 'Pricing quality', blocks };
}

export function warningsSection(r: CostReport): Section {
  const blocks: Block[] =
    r.warnings.length === 0 ? [{ kind: 'text', text: 'None.' }] : [{ kind: 'list', items: r.warnings }];
  return { id: 'warnings', title: 'Warnings', blocks };
}
