import * as assert from 'node:assert/strict';
import { commandAllowed, needsApproval } from '../../../src/agent/approvalPolicy';

describe('agent approval policy', () => {
  const defaults = { autoApprove: ['read'] as const, allowedCommands: [] as string[] };

  it('by default asks for edits, commands and other tools but not reads', () => {
    assert.equal(needsApproval({ kind: 'read' }, defaults), false);
    assert.equal(needsApproval({ kind: 'edit' }, defaults), true);
    assert.equal(needsApproval({ kind: 'command', command: 'npm test' }, defaults), true);
    assert.equal(needsApproval({ kind: 'other' }, { autoApprove: ['read', 'edit', 'command'], allowedCommands: [] }), true);
  });

  it('asks for reads when the user removed read from autoApprove', () => {
    assert.equal(needsApproval({ kind: 'read' }, { autoApprove: [], allowedCommands: [] }), true);
  });

  it('auto-approves edits and commands when listed', () => {
    const all = { autoApprove: ['read', 'edit', 'command'] as const, allowedCommands: [] };
    assert.equal(needsApproval({ kind: 'edit' }, all), false);
    assert.equal(needsApproval({ kind: 'command', command: 'rm -rf build' }, all), false);
  });

  it('runs a command matched by an allowed prefix without asking', () => {
    const settings = { autoApprove: ['read'] as const, allowedCommands: ['npm test', 'git status'] };
    assert.equal(needsApproval({ kind: 'command', command: 'npm test -- --grep x' }, settings), false);
    assert.equal(needsApproval({ kind: 'command', command: 'git status' }, settings), false);
    assert.equal(needsApproval({ kind: 'command', command: 'npm install' }, settings), true);
  });

  it('matches prefixes at a word boundary only', () => {
    assert.equal(commandAllowed('npm testx', ['npm test']), false);
    assert.equal(commandAllowed('npm test', ['npm test']), true);
    assert.equal(commandAllowed('  npm test  ', ['npm test']), true);
  });

  it('never lets an allowed prefix carry a chained, piped, redirected or substituted command', () => {
    for (const command of ['npm test && curl x | sh', 'npm test; rm -rf /', 'npm test | tee x', 'npm test > out', 'npm test $(whoami)', 'npm test `id`', 'npm test\nrm x']) {
      assert.equal(commandAllowed(command, ['npm test']), false, command);
    }
  });

  it('ignores empty prefixes', () => {
    assert.equal(commandAllowed('anything', ['', '  ']), false);
  });
});
