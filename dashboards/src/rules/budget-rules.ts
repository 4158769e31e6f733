// The monthly budget alerts: utilisation levels, and the exhaustion forecast from a robust recent pace.
import { LABELS, runbook } from './common.js';
import type { Rule } from './emit.js';

/** The forecast fires when the budget runs out at least this many days before the month ends. */
export const FORECAST_MARGIN_DAYS = 2;
/** Days whose month-to-date increments make the pace (their median). */
const PACE_DAYS = 3;

export const SPENT = 'llmcost:budget_spent_usd:month';
export const LIMIT = 'llmcost:budget_limit_usd:month';
export const PACE = 'llmcost:budget_spent_usd:pace1d';

const minutesIntoMonth = '((day_of_month() - 1) * 1440 + hour() * 60 + minute())';
const secondsLeftInMonth = `scalar(days_in_month() * 86400 - ${minutesIntoMonth} * 60)`;
const utilisation = `${SPENT} / ${LIMIT}`;
const scopeText =
  '{{ $labels.llmcost_budget_scope }} budget{{ with $labels.llmcost_feature }} of feature {{ . }}{{ end }}{{ with $labels.llmcost_tier }} of tier {{ . }}{{ end }}';

function level(alert: string, range: string, severity: string, summary: string, description: string): Rule {
  return {
    alert,
    expr: `${utilisation} ${range}`,
    ...(alert === 'LLMBudgetExceeded' ? {} : { for: '5m' }),
    labels: { severity, ...LABELS },
    annotations: { summary, description, runbook: runbook(alert) },
  };
}

export function budgetRules(): Rule[] {
  const day = (k: number) => (k === 0 ? SPENT : `${SPENT} offset ${k}d`);
  const increments = Array.from(
    { length: PACE_DAYS },
    (_, i) =>
      `label_replace(${day(i)} - ${day(i + 1)}, "days_ago", "${i + 1}", "", "") and on () ${minutesIntoMonth} >= ${(i + 1) * 1440}`,
  );
  return [
    {
      comment:
        'Month-to-date spend and limit of each monthly budget scope: max without (instance), as every replica reports\n' +
        'the same shared (Redis) budget.',
      record: SPENT,
      expr: 'max without (instance) (llmcost_budget_spent_USD{llmcost_budget_window="month"})',
    },
    {
      record: LIMIT,
      expr: 'max without (instance) (llmcost_budget_limit_USD{llmcost_budget_window="month"})',
    },
    {
      ...level(
        'LLMBudgetWarning',
        '>= 0.8\n  < 0.9',
        'warning',
        'Monthly {{ $labels.llmcost_budget_scope }} budget is {{ $value | humanizePercentage }} spent',
        `The ${scopeText} has used {{ $value | humanizePercentage }} of its monthly limit (warning at 80%).`,
      ),
      comment:
        'See RUNBOOK.md#llmbudgetwarning. The three budget alerts use exclusive ranges ([0.8,0.9), [0.9,1),\n' +
        '[1,inf)) so a scope is in at most one of them; alertmanager.yml also inhibits warning by critical.',
    },
    level(
      'LLMBudgetCritical',
      '>= 0.9\n  < 1',
      'critical',
      'Monthly {{ $labels.llmcost_budget_scope }} budget is {{ $value | humanizePercentage }} spent',
      `The ${scopeText} has used {{ $value | humanizePercentage }} of its monthly limit (critical at 90%).`,
    ),
    level(
      'LLMBudgetExceeded',
      '>= 1',
      'critical',
      'Monthly {{ $labels.llmcost_budget_scope }} budget is exhausted',
      `The ${scopeText} has used {{ $value | humanizePercentage }} of its monthly limit: the budget guard now rejects or downgrades calls.`,
    ),
    {
      comment:
        `The pace, USD per day: the median of the last ${PACE_DAYS} days' month-to-date increments (those within this month).\n` +
        'Whole days cancel the daily shape (a 12-hour trend taken in working hours ran twice the real pace), and\n' +
        'the median ignores one unusual day.',
      record: PACE,
      expr: `quantile without (days_ago) (0.5,\n  ${increments.join('\n  or ')}\n)`,
    },
    {
      comment:
        'See RUNBOOK.md#llmbudgetexhaustionforecast. At the pace, the budget runs out (the value: when, as a Unix\n' +
        `time) at least ${FORECAST_MARGIN_DAYS} days before the month ends. Silent once it is spent (LLMBudgetExceeded) and in the\n` +
        "month's first day (no whole day of this month yet).",
      alert: 'LLMBudgetExhaustionForecast',
      expr: [
        `time() + (${LIMIT} - ${SPENT}) / ((${PACE} > 0) / 86400)`,
        `  < time() + ${secondsLeftInMonth} - ${FORECAST_MARGIN_DAYS * 86400}`,
        `and ${SPENT} < ${LIMIT}`,
      ].join('\n'),
      for: '1h',
      labels: { severity: 'warning', ...LABELS },
      annotations: {
        summary: 'Monthly {{ $labels.llmcost_budget_scope }} budget will run out before the month ends',
        description:
          `At the pace of the last days (their median daily spend), the ${scopeText} runs out around ` +
          '{{ ($value | toTime).Format "2006-01-02 15:04 UTC" }}, ' +
          `more than ${FORECAST_MARGIN_DAYS} days before the month ends.`,
        runbook: runbook('LLMBudgetExhaustionForecast'),
      },
    },
  ];
}
