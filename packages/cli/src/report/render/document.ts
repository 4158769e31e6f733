/**
 * The report as a neutral document: sections of blocks holding plain (unescaped) strings. The section builders
 * decide WHAT is said once; text, Markdown and HTML only decide how it looks, and each escapes for its medium.
 */
import type { Column, Row } from '../../format/table.js';
import type { Anomaly, BreakdownRow, HourPoint } from '../model.js';

/** What a renderer prints for a section or value the source could not provide (never a zero). */
export const NOT_AVAILABLE = 'not available from this source';
/** A table cell the source could not provide; explained by a note under the table. */
export const NA_CELL = 'n/a';

export type ChartSpec =
  | { type: 'hourly'; hourly: readonly HourPoint[]; anomalies: readonly Anomaly[] }
  | { type: 'bars'; id: 'features' | 'users'; title: string; rows: readonly BreakdownRow[] };

export type Block =
  | { kind: 'text'; text: string }
  /** Label and value pairs (a definition list). */
  | { kind: 'fields'; fields: ReadonlyArray<readonly [label: string, value: string]> }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'subheading'; text: string }
  | {
      kind: 'table';
      columns: readonly Column[];
      rows: readonly Row[];
      /** Only in HTML, folded under this summary (e.g. one row per hour: too long for a terminal). */
      htmlCollapsed?: string;
    }
  /** HTML only: an inline SVG chart. */
  | { kind: 'chart'; chart: ChartSpec };

export interface Section {
  /** Stable anchor for HTML (`#anomalies`). */
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  /** One line under the title: the window. */
  subtitle: string;
  sections: Section[];
}
