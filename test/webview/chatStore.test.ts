import assert from 'node:assert/strict';
import { ChatStore, chatModels } from '../../webview-ui/src/store';
import { card, task, taskMessages } from './agentFixtures';
import { assistantMessage, chatState, MODELS, userMessage } from './chatHarnessFixtures';

describe('chat store (host messages → view model)', () => {
  it('ignores everything but focus and estimates until the first state', () => {
    const store = new ChatStore();
    assert.equal(store.apply({ type: 'busy', busy: true }).kind, 'ignored');
    assert.equal(store.apply({ type: 'messageDelta', id: 'a1', text: 'x' }).kind, 'ignored');
    assert.equal(store.state, undefined);
    assert.equal(store.apply({ type: 'focusComposer' }).kind, 'focusComposer');
  });

  it('builds the transcript from deltas without touching the host object it was given', () => {
    const store = new ChatStore();
    const state = chatState({ messages: [userMessage('u1', 'hi')] });
    store.apply({ type: 'state', state });
    store.apply({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) });
    store.apply({ type: 'messageDelta', id: 'a1', reasoning: 'Let me ' });
    store.apply({ type: 'messageDelta', id: 'a1', reasoning: 'think.', text: 'Hel' });
    const change = store.apply({ type: 'messageDelta', id: 'a1', text: 'lo!' });
    assert.equal(change.kind, 'messageDelta');
    assert.equal(store.message('a1')?.text, 'Hello!');
    assert.equal(store.message('a1')?.reasoning, 'Let me think.');
    assert.equal(state.messages.length, 1, 'the delivered state is not mutated');
  });

  it('keeps the streamed text when the final update arrives with status, cost and error', () => {
    const store = new ChatStore();
    store.apply({ type: 'state', state: chatState() });
    store.apply({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) });
    store.apply({ type: 'messageDelta', id: 'a1', text: 'partial answer' });
    store.apply({
      type: 'messageUpdated', id: 'a1', status: 'error',
      error: { kind: 'connection', explanation: 'The connection was reset.', action: 'retry' },
    });
    const message = store.message('a1');
    assert.equal(message?.text, 'partial answer');
    assert.equal(message?.status, 'error');
    assert.equal(message?.error?.explanation, 'The connection was reset.');
    store.apply({ type: 'messageUpdated', id: 'a1', status: 'done', cost: { credits: 2, estimated: false } });
    assert.equal(store.message('a1')?.error, undefined, 'a later success clears the error');
    assert.equal(store.message('a1')?.cost?.credits, 2);
  });

  it('treats a repeated messageAdded as a replacement, never a duplicate', () => {
    const store = new ChatStore();
    store.apply({ type: 'state', state: chatState() });
    store.apply({ type: 'messageAdded', message: userMessage('u1', 'first') });
    const change = store.apply({ type: 'messageAdded', message: userMessage('u1', 'first, edited') });
    assert.equal(change.kind, 'messageReplaced');
    assert.deepEqual(store.state?.messages.map((m) => m.text), ['first, edited']);
  });

  it('offers Edit & Resend on the last user message and Retry only on a reply that ends the chat', () => {
    const store = new ChatStore();
    store.apply({ type: 'state', state: chatState({ messages: [userMessage('u1', 'a'), assistantMessage('a1', 'b'), userMessage('u2', 'c')] }) });
    assert.deepEqual(store.lastIds(), { user: 'u2' });
    store.apply({ type: 'messageAdded', message: assistantMessage('a2', 'd') });
    assert.deepEqual(store.lastIds(), { user: 'u2', assistant: 'a2' });
  });

  it('updates the active title from the conversation list', () => {
    const store = new ChatStore();
    store.apply({ type: 'state', state: chatState() });
    store.apply({ type: 'conversations', activeId: 'conv-1', conversations: [{ id: 'conv-1', title: 'Renamed', updatedAt: 1, messageCount: 0 }] });
    assert.equal(store.state?.title, 'Renamed');
  });

  it('ignores message types it does not know instead of throwing', () => {
    const store = new ChatStore();
    store.apply({ type: 'state', state: chatState() });
    const change = store.apply({ type: 'fromTheFuture' } as never);
    assert.equal(change.kind, 'ignored');
  });

  it('agent mode: a tool card and a task replace theirs by id; a card for an unknown message is ignored', () => {
    const store = new ChatStore();
    const state = chatState({ messages: taskMessages([card('c1', 'read_file', 'a.ts')]), tasks: [task()] });
    store.apply({ type: 'state', state });
    assert.equal(store.apply({ type: 'toolCard', messageId: 's1', card: card('c1', 'read_file', 'a.ts', { state: 'done', result: 'x' }) }).kind, 'toolCard');
    store.apply({ type: 'toolCard', messageId: 's1', card: card('c2', 'read_file', 'b.ts') });
    assert.deepEqual(store.message('s1')?.toolCalls?.map((c) => `${c.id}:${c.state}`), ['c1:done', 'c2:running']);
    assert.equal(state.messages[1].toolCalls?.[0].state, 'running', 'the delivered state is not mutated');
    assert.equal(store.apply({ type: 'toolCard', messageId: 'nope', card: card('c3', 'x', 'y') }).kind, 'ignored');
    store.apply({ type: 'task', task: task({ spent: 500 }) });
    store.apply({ type: 'task', task: task({ id: 't2' }) });
    assert.deepEqual(store.state?.tasks?.map((t) => `${t.id}:${t.spent}`), ['t1:500', 't2:120']);
    store.apply({ type: 'agentSettings', agent: { mode: 'agent', defaultBudget: 5, maxSteps: 3 } });
    assert.equal(store.state?.agent?.mode, 'agent');
    store.apply({ type: 'transcript', transcript: { conversationId: 'c2', title: 'Other', messages: [], context: [], busy: false, reasoning: false } });
    assert.deepEqual(store.state?.tasks, [], 'another conversation has none of these tasks');
  });

  it('offers only chat models, whatever the host sends', () => {
    assert.deepEqual(chatModels(MODELS).map((m) => m.kind), Array(5).fill('chat'));
    assert.ok(!chatModels(MODELS).some((m) => m.id === 'vo3' || m.id === 'helyx-image'));
  });
});
