import { type Counter, metrics, TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { INSTRUMENTATION_NAME } from '../core/instrumentation-base.js';
import { isGenAiSpan } from '../cost-span-processor/genai-span.js';

/** The export queue of GenAI spans holds at least this many (OTEL_BSP_MAX_QUEUE_SIZE when that is larger). */
export const GENAI_MIN_QUEUE_SIZE = 16_384;

export type SpanClass = 'gen_ai' | 'other';
export type DropReason = 'queue_full' | 'export_failed';

export interface PrioritySpanProcessorOptions {
  /** Queue of the spans that are not GenAI spans (OTEL_BSP_MAX_QUEUE_SIZE; the OTel default is 2048). */
  maxQueueSize: number;
  /** Told of every span dropped, after it is counted in `llmcost.spans.dropped`. */
  onDrop?: (spanClass: SpanClass, reason: DropReason, count: number, capacity: number) => void;
}

/**
 * Batch export in two lanes, so LLM spans are never dropped to make room for other spans: GenAI spans (ours and
 * other instrumentations') have their own BatchSpanProcessor with a queue of at least GENAI_MIN_QUEUE_SIZE, every
 * other span (HTTP server and client spans, database spans, ...) the OTel-default one. Under load the other lane
 * fills and drops first; a burst of a few thousand LLM calls ending together fits the GenAI lane. Both lanes share
 * one exporter. Every dropped span (a full queue, a failed export) is counted in the `llmcost.spans.dropped`
 * counter (`llmcost.span.class`, `error.type`), where BatchSpanProcessor alone would only tell `diag`.
 */
export class PrioritySpanProcessor implements SpanProcessor {
  readonly #genAi: Lane;
  readonly #other: Lane;
  readonly #exporter: SpanExporter;

  constructor(exporter: SpanExporter, options: PrioritySpanProcessorOptions) {
    this.#exporter = exporter;
    const drop = (lane: Lane, reason: DropReason, count: number) => {
      droppedCounter().add(count, { 'llmcost.span.class': lane.name, 'error.type': reason });
      options.onDrop?.(lane.name, reason, count, lane.capacity);
    };
    this.#genAi = new Lane('gen_ai', Math.max(options.maxQueueSize, GENAI_MIN_QUEUE_SIZE), exporter, drop);
    this.#other = new Lane('other', options.maxQueueSize, exporter, drop);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    (isGenAiSpan(span) ? this.#genAi : this.#other).offer(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all([this.#genAi.processor.forceFlush(), this.#other.processor.forceFlush()]);
  }

  async shutdown(): Promise<void> {
    await Promise.all([this.#genAi.processor.shutdown(), this.#other.processor.shutdown()]);
    await this.#exporter.shutdown();
  }
}

/** One BatchSpanProcessor and the count of spans it holds (so a span it would drop is counted here first). */
class Lane {
  /** Spans handed to the processor and not yet taken out for export. */
  queued = 0;
  readonly processor: BatchSpanProcessor;

  constructor(
    readonly name: SpanClass,
    readonly capacity: number,
    exporter: SpanExporter,
    private readonly drop: (lane: Lane, reason: DropReason, count: number) => void,
  ) {
    this.processor = new BatchSpanProcessor(new LaneExporter(this, exporter), { maxQueueSize: capacity });
  }

  offer(span: ReadableSpan): void {
    // BatchSpanProcessor exports sampled spans only; an unsampled one takes no room.
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queued >= this.capacity) {
      this.drop(this, 'queue_full', 1);
      return;
    }
    this.queued++;
    this.processor.onEnd(span);
  }

  exported(count: number, result: ExportResult): void {
    if (result.code !== ExportResultCode.SUCCESS) this.drop(this, 'export_failed', count);
  }
}

/** What a lane's BatchSpanProcessor exports through: the shared exporter, shut down once by the processor. */
class LaneExporter implements SpanExporter {
  constructor(
    private readonly lane: Lane,
    private readonly inner: SpanExporter,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    // BatchSpanProcessor takes a batch out of its queue right before this call.
    this.lane.queued = Math.max(0, this.lane.queued - spans.length);
    this.inner.export(spans, (result) => {
      this.lane.exported(spans.length, result);
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

let counter: Counter | undefined;
function droppedCounter(): Counter {
  counter ??= metrics.getMeter(INSTRUMENTATION_NAME).createCounter('llmcost.spans.dropped', {
    description: 'Spans dropped before export: a full export queue, or a failed export',
    unit: '{span}',
  });
  return counter;
}
