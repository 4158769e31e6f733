// Writes the generated files (committed; a test fails when they are stale): the Prometheus rules, the
// Grafana dashboard and the Grafana twins of the alerts.
//   npx -y pnpm@10 --filter @llmcost/dashboards generate
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGrafanaAlertRules } from './grafana-alert-rules.js';
import { buildLlmCostDashboard } from './llm-cost-dashboard.js';
import { buildRuleFile } from './rules/llmcost-rules.js';

export const OUTPUTS = {
  rules: fileURLToPath(new URL('../prometheus/llmcost-rules.yml', import.meta.url)),
  dashboard: fileURLToPath(new URL('../grafana/dashboards/llmcost.json', import.meta.url)),
  alertRules: fileURLToPath(
    new URL('../grafana/provisioning/alerting/llmcost-alert-rules.yaml', import.meta.url),
  ),
};

export function generated(): Record<keyof typeof OUTPUTS, string> {
  const rules = buildRuleFile();
  return {
    rules,
    dashboard: `${JSON.stringify(buildLlmCostDashboard(), null, 2)}\n`,
    alertRules: buildGrafanaAlertRules(rules),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = generated();
  for (const [key, path] of Object.entries(OUTPUTS)) {
    writeFileSync(path, files[key as keyof typeof OUTPUTS]);
    console.log(`wrote ${path}`);
  }
}
