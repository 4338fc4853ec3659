import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

// The house rule (issue 11): no source file over 400 lines, so each stays about one thing. This
// keeps it true after every merge rather than at the one moment someone counted.
const LIMIT = 400;
const ROOTS = ['src', 'webview-ui/src'];

describe('house rules: file sizes', () => {
  it(`no file in ${ROOTS.join(' or ')} is over ${LIMIT} lines`, async () => {
    const over: string[] = [];
    let seen = 0;
    for (const root of ROOTS) {
      for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(ts|css|html)$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        const text = await readFile(file, 'utf8');
        const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        seen++;
        if (lines > LIMIT) over.push(`${file}: ${lines} lines`);
      }
    }
    assert.ok(seen > 50, `only ${seen} files found: the roots moved?`);
    assert.deepEqual(over, []);
  });
});
