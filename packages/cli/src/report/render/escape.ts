/**
 * Feature, user and model names come from span attributes: untrusted input. Each medium escapes them its own way
 * so that a name can neither run code (HTML), break a table or inject markup (Markdown), nor move the cursor or
 * recolour the terminal (text).
 */

// C0 and C1 controls (ESC starts terminal sequences), and the bidi overrides that can make text read backwards.
const CONTROLS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** Plain text on one line, for a terminal: line breaks and tabs become spaces, other controls U+FFFD. */
export function plainText(text: string): string {
  return text.replace(CONTROLS, (c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : '\uFFFD'));
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and attribute values (quoted with `"`). */
export function escapeHtml(text: string): string {
  return plainText(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Text for Markdown (GitHub): backslash-escape every character that could start markup or raw HTML. A `|` is
 * left to the table renderer (it escapes it in cells; outside tables it is plain text).
 * https://github.github.com/gfm/#backslash-escapes
 */
export function escapeMarkdown(text: string): string {
  // `_` inside a word (`tool_calls`) never starts emphasis in GFM, so it stays readable unescaped.
  return plainText(text).replace(/[\\`*[\]<>#&~!]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`);
}
