// What the rule modules share: labels, runbook links.
export const LABELS = { team: 'llm-platform', service: 'llmcost' };
const RUNBOOK = 'https://github.com/llmcost/llmcost/blob/main/dashboards/prometheus/RUNBOOK.md';
export const runbook = (alert: string) => `${RUNBOOK}#${alert.toLowerCase()}`;
