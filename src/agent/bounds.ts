// Tool results go back into the model's context on every later step, so each is cut to a fixed
// size with a note saying what was left out; the model can then ask for a narrower range.
export const LIMITS = {
  lines: 400,
  matches: 200,
  files: 500,
  outputBytes: 16_000,
  lineChars: 400,
} as const;

/** At most `max` items joined by newlines, with a note naming how many were left out. */
export function boundList(items: readonly string[], max: number, noun: string): string {
  if (items.length <= max) return items.join('\n');
  return `${items.slice(0, max).join('\n')}\n[${items.length - max} more ${noun} not shown; narrow the request]`;
}

/** One line cut to a readable width (minified files would otherwise fill the budget). */
export function boundLine(line: string, max: number = LIMITS.lineChars): string {
  return line.length <= max ? line : `${line.slice(0, max)}… [${line.length - max} characters cut]`;
}

/** Command output kept to its head and tail (the end usually holds the error), with a note. */
export function boundOutput(text: string, maxBytes: number = LIMITS.outputBytes): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return text;
  const buffer = Buffer.from(text, 'utf8');
  const half = Math.floor(maxBytes / 2);
  const head = buffer.subarray(0, half).toString('utf8');
  const tail = buffer.subarray(bytes - half).toString('utf8');
  return `${head}\n[… ${bytes - 2 * half} bytes of output cut …]\n${tail}`;
}
