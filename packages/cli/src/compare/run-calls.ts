import type { Reply } from './call-model.js';
import type { CompareCase } from './dataset.js';
import { scoreReply } from './score.js';

/** One case sent to one model. */
export interface CallResult {
  model: string;
  caseIndex: number;
  reply?: Reply;
  /** `ClassName: first line of the message` of a failed call. */
  error?: string;
  /** Scored result; undefined for an unscored case or a failed call. */
  correct?: boolean;
}

export interface RunPlan {
  cases: readonly CompareCase[];
  models: readonly { model: string; call: (c: CompareCase) => Promise<Reply> }[];
  concurrency: number;
  /** Called after each finished call with the number done so far. */
  onProgress?: (done: number) => void;
}

/**
 * Every case through every model, at most `concurrency` calls in flight. Calls go case by case (all models
 * for case 1, then case 2, ...), so an interrupted run has compared the models on the same cases.
 */
export async function runCalls(plan: RunPlan): Promise<CallResult[]> {
  const tasks = plan.cases.flatMap((c, caseIndex) => plan.models.map((m) => ({ c, caseIndex, m })));
  const results: CallResult[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const { c, caseIndex, m } = tasks[i]!;
      const result: CallResult = { model: m.model, caseIndex };
      try {
        result.reply = await m.call(c);
        const correct = scoreReply(c, result.reply.text);
        if (correct !== undefined) result.correct = correct;
      } catch (err) {
        result.error = describeError(err);
      }
      results[i] = result;
      plan.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, tasks.length) }, worker));
  return results;
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const name = err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name;
  return `${name}: ${(err.message.split('\n')[0] ?? '').trim()}`;
}
