// The participant's /image and /video run Switchboard's generation commands; this reads which files
// a command's result says it saved, whatever of the agreed shapes it uses.

/** `uri`, `[uri…]`, `{ uri }`, `{ uris }`, `{ file }` or `{ files }`; anything else: no files. */
export function savedFiles<U>(result: unknown, isUri: (value: unknown) => value is U): U[] {
  if (isUri(result)) return [result];
  if (Array.isArray(result)) return result.filter(isUri);
  if (typeof result !== 'object' || result === null) return [];
  const record = result as Record<string, unknown>;
  for (const field of ['uris', 'files', 'uri', 'file']) {
    const value = record[field];
    if (isUri(value)) return [value];
    if (Array.isArray(value)) {
      const found = value.filter(isUri);
      if (found.length) return found;
    }
  }
  return [];
}

/** A video still rendering comes back as a task the Generation Tasks view follows. */
export function pendingTaskId(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const id = (result as Record<string, unknown>).taskId;
  return typeof id === 'string' && id ? id : undefined;
}
