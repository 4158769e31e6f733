/**
 * `OTEL_SEMCONV_STABILITY_OPT_IN`: the comma-separated list OpenTelemetry instrumentations share to let users opt
 * in to newer semantic conventions. `gen_ai_latest_experimental` asks for the names of the GenAI conventions'
 * main branch (open-telemetry/semantic-conventions-genai) instead of the last release in
 * open-telemetry/semantic-conventions (v1.41.1). Other entries (`http`, `database`, ...) belong to other
 * instrumentations and are ignored, never an error.
 * https://github.com/open-telemetry/semantic-conventions-genai/blob/main/docs/gen-ai/README.md
 */
export const GEN_AI_LATEST = 'gen_ai_latest_experimental';

export function optsInToLatestGenAi(value: string | undefined): boolean {
  if (value === undefined) return false;
  return value.split(',').some((entry) => entry.trim().toLowerCase() === GEN_AI_LATEST);
}
