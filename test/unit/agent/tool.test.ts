import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { boundList, boundOutput } from '../../../src/agent/bounds';
import { defineTool, ToolError } from '../../../src/agent/tool';

describe('agent tool shape', () => {
  const echo = defineTool({
    name: 'echo',
    description: 'Echoes.',
    kind: 'read',
    input: z.object({ path: z.string(), startLine: z.number().int().min(1).optional() }),
    run: async (input) => `${input.path}:${input.startLine ?? 1}`,
  });
  const ctx = { signal: new AbortController().signal };

  it('offers a JSON schema for the model', () => {
    assert.equal(echo.inputSchema.type, 'object');
    assert.deepEqual(echo.inputSchema.required, ['path']);
    assert.equal(echo.inputSchema.$schema, undefined);
  });

  it('runs with valid input', async () => {
    assert.equal(await echo.run({ path: 'a.ts', startLine: 3 }, ctx), 'a.ts:3');
  });

  it('refuses invalid input with a tool error naming the field', async () => {
    await assert.rejects(echo.run({ startLine: 0 }, ctx), (error: Error) => error instanceof ToolError && /Invalid input for echo/.test(error.message) && /path/.test(error.message) && /startLine/.test(error.message));
  });

  it('does not start when already stopped', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(echo.run({ path: 'a' }, { signal: controller.signal }), /stopped/);
  });

  it('bounds lists and output with a note', () => {
    assert.equal(boundList(['a', 'b'], 2, 'files'), 'a\nb');
    assert.match(boundList(['a', 'b', 'c'], 2, 'files'), /^a\nb\n\[1 more files not shown/);
    const out = boundOutput('x'.repeat(100), 40);
    assert.match(out, /60 bytes of output cut/);
    assert.ok(out.startsWith('x'.repeat(20)) && out.endsWith('x'.repeat(20)));
  });
});
