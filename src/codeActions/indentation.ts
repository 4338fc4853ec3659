// Fitting the model's code into the place it replaces: the original's base indentation, the
// editor's tabs-or-spaces, the original's leading and trailing line breaks, the document's line
// ends. Plain functions over strings, unit-tested without an editor.

export interface IndentStyle {
  /** True when the editor indents with tabs (`editor.insertSpaces: false`). */
  useTabs: boolean;
  tabSize: number;
}

export interface FitOptions {
  /**
   * The indentation the replacement's outermost lines get. Defaults to the original's base
   * indentation (see `baseIndentation`).
   */
  baseIndent?: string;
  /**
   * False when the replaced range starts in the middle of a line (an expression): the first line
   * then continues that line and gets no indentation of its own.
   */
  indentFirstLine?: boolean;
  /** Converts the model's relative indentation to the editor's style when given. */
  style?: IndentStyle;
  /** The document's line end; `\n` when not given. */
  eol?: '\n' | '\r\n';
}

const isBlank = (line: string): boolean => line.trim().length === 0;
const leadingWhitespace = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? '';

/** Width of a run of indentation, tabs counted as `tabSize` columns. */
function width(indent: string, tabSize: number): number {
  let columns = 0;
  for (const ch of indent) columns += ch === '\t' ? tabSize - (columns % tabSize) : 1;
  return columns;
}

/** The indentation of the least-indented non-blank line: the level a block of code sits at. */
export function baseIndentation(text: string, tabSize = 4): string {
  let best: string | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (isBlank(line)) continue;
    const indent = leadingWhitespace(line);
    if (best === undefined || width(indent, tabSize) < width(best, tabSize)) best = indent;
  }
  return best ?? '';
}

/**
 * Re-indents code to `baseIndent`: removes the indentation all its non-blank lines share, then
 * prefixes each non-blank line with `baseIndent` (the first line too unless `indentFirstLine` is
 * false). Relative indentation inside the code is kept, converted to tabs or spaces when `style`
 * is given. Blank lines become empty.
 */
export function reindent(code: string, baseIndent: string, options: { indentFirstLine?: boolean; style?: IndentStyle } = {}): string {
  const tabSize = options.style?.tabSize ?? 4;
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  const common = Math.min(...lines.filter((l) => !isBlank(l)).map((l) => width(leadingWhitespace(l), tabSize)));
  const strip = Number.isFinite(common) ? common : 0;
  return lines
    .map((line, i) => {
      if (isBlank(line)) return '';
      const relative = width(leadingWhitespace(line), tabSize) - strip;
      const rest = line.slice(leadingWhitespace(line).length);
      const indent = options.style ? indentOf(relative, options.style) : dropColumns(leadingWhitespace(line), strip, tabSize);
      const prefix = i === 0 && options.indentFirstLine === false ? '' : baseIndent;
      return prefix + indent + rest;
    })
    .join('\n');
}

/**
 * The whole fitting step: re-indents the model's code to where the original sat, gives it the
 * original's leading blank lines and trailing whitespace (a selection of whole lines keeps its
 * final line break), and converts line ends to the document's.
 */
export function fitReplacement(code: string, original: string, options: FitOptions = {}): string {
  const source = original.replace(/\r\n?/g, '\n');
  const leadingBlank = /^(?:[ \t]*\n)*/.exec(source)?.[0].replace(/[ \t]/g, '') ?? '';
  const trailing = /\s*$/.exec(source)?.[0] ?? '';
  const body = code.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  const base = options.baseIndent ?? baseIndentation(source, options.style?.tabSize);
  const fitted = leadingBlank + reindent(body, base, { ...(options.indentFirstLine === false ? { indentFirstLine: false } : {}), ...(options.style ? { style: options.style } : {}) }) + trailing;
  return options.eol === '\r\n' ? fitted.replace(/\n/g, '\r\n') : fitted;
}

function indentOf(columns: number, style: IndentStyle): string {
  if (columns <= 0) return '';
  if (!style.useTabs) return ' '.repeat(columns);
  return '\t'.repeat(Math.floor(columns / style.tabSize)) + ' '.repeat(columns % style.tabSize);
}

/** Removes `columns` columns of indentation from the front of `indent`, keeping its characters otherwise. */
function dropColumns(indent: string, columns: number, tabSize: number): string {
  let dropped = 0;
  let i = 0;
  while (i < indent.length && dropped < columns) {
    dropped += indent[i] === '\t' ? tabSize - (dropped % tabSize) : 1;
    i++;
  }
  // A tab that straddled the cut leaves its remaining columns as spaces.
  return ' '.repeat(Math.max(0, dropped - columns)) + indent.slice(i);
}
