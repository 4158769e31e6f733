// The "LLM cost" dashboard, built with @grafana/grafana-foundation-sdk (v0.0.21 builders).
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  AnnotationQueryBuilder,
  type Dashboard,
  DashboardBuilder,
  DashboardLinkBuilder,
  DashboardLinkType,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as tempo from '@grafana/grafana-foundation-sdk/tempo';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { ALERTS_ANNOTATION, EXPENSIVE_CALLS_TRACEQL, Q, type Query } from './queries.js';

/** Datasource uids, as provisioned in grafana/provisioning/datasources/datasources.yaml. */
export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' };
export const TEMPO = { type: 'tempo', uid: 'tempo' };
export const DASHBOARD_UID = 'llmcost';

const ref = (i: number) => String.fromCharCode(65 + i);
const prom = (q: Query, i: number, instant = false) => {
  const b = new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS)
    .refId(ref(i))
    .expr(q.expr)
    .editorMode(prometheus.QueryEditorMode.Code);
  if (q.legend) b.legendFormat(q.legend);
  if (instant) b.instant().format(prometheus.PromQueryFormat.Table);
  return b;
};

const reduceLast = () => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

function spendStat(title: string, timeFrom: string, description: string) {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .timeFrom(timeFrom)
    .withTarget(prom(Q.spendInRange, 0, true))
    .unit('currencyUSD')
    .decimals(2)
    .reduceOptions(reduceLast())
    .graphMode(common.BigValueGraphMode.None)
    .height(4)
    .span(4);
}

function series(title: string, queries: Query[], unit: string, description: string, width = 12) {
  const b = new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .unit(unit)
    .fillOpacity(10)
    .height(8)
    .span(width);
  queries.forEach((q, i) => {
    b.withTarget(prom(q, i));
  });
  return b;
}

function variable(name: string, label: string, labelName: string) {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query({
      qryType: 1,
      query: `label_values(llmcost_calls_total, ${labelName})`,
      refId: 'PrometheusVariableQueryEditor-VariableQuery',
    })
    .definition(`label_values(llmcost_calls_total, ${labelName})`)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

function costByFeatureTable() {
  const columns: Array<[Query, string]> = [
    [Q.featureTotal, 'Total (USD)'],
    [Q.featureCalls, 'Calls'],
    [Q.featureMeanCost, 'Mean per call (USD)'],
    [Q.featureP95Cost, 'p95 per call (USD)'],
    [Q.featureMeanInput, 'Mean input tokens'],
    [Q.featureMeanOutput, 'Mean output tokens'],
  ];
  const b = new table.PanelBuilder()
    .title('Cost by feature')
    .description(
      'Over the dashboard time range. p95 per call comes from the gen_ai.usage.cost histogram buckets.',
    )
    .datasource(PROMETHEUS)
    .height(9)
    .span(24)
    .sortBy([new common.TableSortByFieldStateBuilder().displayName('Total (USD)').desc(true)]);
  columns.forEach(([q, _], i) => {
    b.withTarget(prom(q, i, true));
  });
  b.withTransformation({ id: 'merge', options: {} });
  b.withTransformation({
    id: 'organize',
    options: {
      excludeByName: { Time: true },
      renameByName: Object.fromEntries(columns.map(([, name], i) => [`Value #${ref(i)}`, name])),
      indexByName: { llmcost_feature: 0 },
    },
  });
  return b;
}

function expensiveCallsTable() {
  return new table.PanelBuilder()
    .title('Most expensive recent calls')
    .description('Tempo search: spans costing more than 0.10 USD. Click a trace id to open the trace.')
    .datasource(TEMPO)
    .withTarget(
      new tempo.DataqueryBuilder()
        .datasource(TEMPO)
        .refId('A')
        .queryType('traceql')
        .query(EXPENSIVE_CALLS_TRACEQL)
        .tableType(tempo.SearchTableType.Spans)
        .limit(50)
        .spss(5),
    )
    .height(10)
    .span(24);
}

export function buildLlmCostDashboard(): Dashboard {
  return new DashboardBuilder('LLM cost')
    .uid(DASHBOARD_UID)
    .description('Cost of LLM calls by feature, model, tier and user, with budgets and alerts (llmcost).')
    .tags(['llmcost', 'llm', 'cost', 'generated'])
    .editable()
    .time({ from: 'now-24h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .link(
      new DashboardLinkBuilder('Runbook')
        .type(DashboardLinkType.Link)
        .url('https://github.com/llmcost/llmcost/blob/main/dashboards/prometheus/RUNBOOK.md')
        .targetBlank(true),
    )
    .withVariable(
      new QueryVariableBuilder('service')
        .label('Service')
        .datasource(PROMETHEUS)
        .query({
          qryType: 1,
          query: 'label_values(llmcost_calls_total, job)',
          refId: 'PrometheusVariableQueryEditor-VariableQuery',
        })
        .definition('label_values(llmcost_calls_total, job)')
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .multi(true)
        .includeAll(true)
        .allValue('.*'),
    )
    .withVariable(variable('feature', 'Feature', 'llmcost_feature'))
    .withVariable(variable('model', 'Model', 'gen_ai_request_model'))
    .withVariable(variable('tier', 'Tier', 'llmcost_tier'))
    .annotation(
      new AnnotationQueryBuilder()
        .name('Annotations & Alerts')
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .builtIn(1)
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)')
        .type('dashboard'),
    )
    .annotation(
      new AnnotationQueryBuilder()
        .name('llmcost alerts (Prometheus)')
        .datasource(PROMETHEUS)
        .enable(true)
        .iconColor('red')
        .expr(ALERTS_ANNOTATION)
        .titleFormat('{{alertname}}')
        .textFormat('{{severity}} {{llmcost_feature}}{{llmcost_budget_scope}}{{user_id}}')
        .tagKeys('alertname,severity')
        .step('60s')
        .useValueForTime(false),
    )
    .withRow(new RowBuilder('Spend'))
    .withPanel(spendStat('Spend today', 'now/d', 'Since midnight (dashboard time zone).'))
    .withPanel(spendStat('Spend, last 7 days', '7d', 'Rolling 7 days.'))
    .withPanel(
      new stat.PanelBuilder()
        .title('Spend, month to date')
        .description('The global monthly budget window of the budget guard (llmcost_budget_spent_USD).')
        .datasource(PROMETHEUS)
        .withTarget(prom(Q.monthToDate, 0, true))
        .unit('currencyUSD')
        .decimals(2)
        .reduceOptions(reduceLast())
        .graphMode(common.BigValueGraphMode.None)
        .height(4)
        .span(4),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Projected month against budget')
        .description(
          'Month to date plus the last 6 hours of spend rate until the end of the month; the global monthly limit.',
        )
        .datasource(PROMETHEUS)
        .withTarget(prom(Q.projectedMonth, 0, true))
        .withTarget(prom(Q.monthBudget, 1, true))
        .unit('currencyUSD')
        .decimals(0)
        .reduceOptions(reduceLast())
        .graphMode(common.BigValueGraphMode.None)
        .height(4)
        .span(6),
    )
    .withPanel(
      new bargauge.PanelBuilder()
        .title('Budget utilisation per scope')
        .description(
          'Spent / limit of every budget scope and window (100% = the guard rejects or downgrades).',
        )
        .datasource(PROMETHEUS)
        .withTarget(prom(Q.budgetUtilisation, 0, true))
        .unit('percentunit')
        .min(0)
        .max(1)
        .thresholds(
          new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
            { value: null, color: 'green' },
            { value: 0.8, color: 'orange' },
            { value: 0.9, color: 'red' },
          ]),
        )
        .reduceOptions(reduceLast())
        .height(4)
        .span(6),
    )
    .withRow(new RowBuilder('Where the money goes'))
    .withPanel(costByFeatureTable())
    .withPanel(
      series('Cost by model', [Q.costByModel], 'currencyUSD', 'USD per hour, by requested model.', 8),
    )
    .withPanel(series('Cost by tier', [Q.costByTier], 'currencyUSD', 'USD per hour, by customer tier.', 8))
    .withPanel(series('Cost by feature', [Q.costByFeature], 'currencyUSD', 'USD per hour, by feature.', 8))
    .withPanel(
      series(
        'Hourly cost and its baseline',
        [Q.hourlyCost, Q.baseline, Q.abnormalAbove],
        'currencyUSD',
        'Recording rules of llmcost-rules.yml (all services): the usual cost of this hour (median of the same hour on the previous 14 days; the busiest recent hour for a new service) and the line above which the hour is abnormal. LLMCostSpike fires above it; llmcost report uses the same definition.',
        24,
      )
        .overrideByName('abnormal above', [
          { id: 'custom.fillBelowTo', value: 'usual for this hour' },
          { id: 'custom.lineWidth', value: 0 },
        ])
        .overrideByName('usual for this hour', [
          { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
        ]),
    )
    .withRow(new RowBuilder('Tokens, truncation and cache'))
    .withPanel(
      series(
        'Token efficiency',
        [Q.meanTokens, Q.p95Tokens, Q.outputInputRatio],
        'short',
        'Mean and p95 tokens per call, and output tokens per input token.',
      ).overrideByName('output / input', [
        { id: 'custom.axisPlacement', value: 'right' },
        { id: 'unit', value: 'percentunit' },
      ]),
    )
    .withPanel(
      series(
        'Finish reasons and truncation rate',
        [Q.finishReasons, Q.truncationRate],
        'reqps',
        'Calls per second by finish reason; truncated share (length / max_tokens) on the right axis.',
      ).overrideByName('truncated', [
        { id: 'custom.axisPlacement', value: 'right' },
        { id: 'unit', value: 'percentunit' },
      ]),
    )
    .withPanel(
      series('Cache hit rate', [Q.cacheHitRate], 'percentunit', 'Cached input tokens / input tokens.', 12),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Saved by prompt caching')
        .description('What cached input would have cost at the full input rate, minus what it cost.')
        .datasource(PROMETHEUS)
        .withTarget(prom(Q.cacheSavings, 0, true))
        .unit('currencyUSD')
        .decimals(2)
        .reduceOptions(reduceLast())
        .graphMode(common.BigValueGraphMode.None)
        .height(8)
        .span(12),
    )
    .withRow(new RowBuilder('Latency, errors, budget guard'))
    .withPanel(
      series('Latency', [Q.latency, Q.timeToFirstChunk], 's', 'p95 call duration and time to first chunk.'),
    )
    .withPanel(series('Errors by type', [Q.errors], 'reqps', 'Failed calls per second, by error.type.'))
    .withPanel(
      series(
        'Budget rejections and downgrades',
        [Q.rejections, Q.downgrades],
        'reqps',
        'Calls stopped or downgraded by the budget guard.',
      ),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Unpriced calls')
        .description(
          'Calls to models missing from the price table: they carry no cost. Update @llmcost/pricing.',
        )
        .datasource(PROMETHEUS)
        .withTarget(prom(Q.unpriced, 0, true))
        .height(8)
        .span(12),
    )
    .withRow(new RowBuilder('Traces'))
    .withPanel(expensiveCallsTable())
    .build();
}
