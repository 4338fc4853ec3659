import assert from 'node:assert/strict';
import { newConversation } from '../../../src/chat/conversation';
import { opened } from '../../../src/chat/sessionPorts';

describe('chat: an agent task saved while it ran', () => {
  it('comes back stopped, with its unfinished cards failed and finished ones kept', () => {
    const c = newConversation('c1', 'helyx', 'helyx-3.5', 0);
    c.tasks = [
      { id: 't1', budget: 100, spent: 3, spentEstimated: false, step: 2, maxSteps: 25, status: 'running', checkpoint: 'available' },
      { id: 't0', budget: 100, spent: 1, spentEstimated: false, step: 1, maxSteps: 25, status: 'done', checkpoint: 'none' },
    ];
    c.messages = [
      {
        id: 'm1',
        role: 'assistant',
        text: '',
        status: 'streaming',
        createdAt: 0,
        taskId: 't1',
        toolCalls: [
          { id: 'a', tool: 'read_file', summary: 'a.ts', state: 'done', input: '{}', result: 'x' },
          { id: 'b', tool: 'run_command', summary: 'npm test', state: 'awaitingApproval', input: '{}', approval: { kind: 'command', detail: 'npm test' } },
        ],
      },
    ];
    const back = opened(c);
    assert.equal(back.tasks?.[0]?.status, 'stopped');
    assert.match(back.tasks?.[0]?.reason ?? '', /window closed/);
    assert.equal(back.tasks?.[0]?.checkpoint, 'available', 'its checkpoint can still be restored');
    assert.equal(back.tasks?.[1]?.status, 'done');
    assert.equal(back.messages[0]?.status, 'stopped');
    assert.deepEqual(back.messages[0]?.toolCalls?.map((card) => card.state), ['done', 'failed']);
    assert.equal(back.messages[0]?.toolCalls?.[1]?.approval, undefined);
  });
});
