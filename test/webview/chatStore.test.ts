import assert from 'node:assert/strict';
import { ChatStore, chatModels } from '../../webview-ui/src/store';
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

  it('offers only chat models, whatever the host sends', () => {
    assert.deepEqual(chatModels(MODELS).map((m) => m.kind), Array(5).fill('chat'));
    assert.ok(!chatModels(MODELS).some((m) => m.id === 'vo3' || m.id === 'helyx-image'));
  });
});
