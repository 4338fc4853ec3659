import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../sim/server';
import { helyxClient } from '../gateway/helpers';
import { makeSession, ofType, posted, tempDir } from './sessionFixtures';

describe('chat session (in Node, against the simulator)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    sim.clearFaults();
    await tmp.remove();
  });

  const lastChatBody = (): Record<string, unknown> => sim.requests.filter((r) => r.path.includes('/chat/completions')).at(-1)?.body as Record<string, unknown>;

  it('send streams a reply into the transcript and tells every surface as it goes', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    sim.scriptReply({ text: 'Sorted, stably.', chunks: 4 });
    await rig.session.send('How do I sort?');
    const [user, assistant] = rig.session.transcript;
    assert.equal(user?.role, 'user');
    assert.equal(user?.text, 'How do I sort?');
    assert.equal(assistant?.text, 'Sorted, stably.');
    assert.equal(assistant?.status, 'done');
    assert.ok(assistant?.cost && assistant.cost.estimated === false, 'HelyxAI reports its charge');
    const added = ofType(rig.posted, 'messageAdded').map((m) => m.message.role);
    assert.deepEqual(added, ['user', 'assistant']);
    assert.equal(ofType(rig.posted, 'messageDelta').map((d) => d.text ?? '').join(''), 'Sorted, stably.');
    assert.deepEqual(ofType(rig.posted, 'busy').map((b) => b.busy), [true, false]);
    assert.equal(ofType(rig.posted, 'messageUpdated').at(-1)?.status, 'done');
    assert.equal(lastChatBody().model, 'helyx-3.5');
    assert.equal(rig.session.busy, false);
  });

  it('stop keeps the partial reply, marked stopped, and bills it', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 40 } });
    sim.scriptReply({ text: 'word '.repeat(50), chunks: 50 });
    const sending = rig.session.send('Write a lot');
    await posted(rig, 'messageDelta');
    rig.session.stop();
    await sending;
    const assistant = rig.session.transcript.at(-1);
    assert.equal(assistant?.status, 'stopped');
    assert.ok(assistant && assistant.text.length > 0 && assistant.text.length < 'word '.repeat(50).length, 'partial text kept');
    assert.ok(rig.backend.ledger.snapshot().lastCost, 'what arrived was billed');
  });

  it('retry replaces the last reply with a new one from the same question', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    sim.scriptReply({ text: 'First answer.' });
    await rig.session.send('Question');
    const firstId = rig.session.transcript.at(-1)?.id;
    sim.scriptReply({ text: 'Second answer.' });
    await rig.session.retry();
    assert.equal(rig.session.transcript.length, 2);
    assert.notEqual(rig.session.transcript.at(-1)?.id, firstId);
    assert.equal(rig.session.transcript.at(-1)?.text, 'Second answer.');
    assert.equal(ofType(rig.posted, 'transcript').at(-1)?.transcript.messages.length, 1, 'surfaces dropped the old reply');
    const sent = lastChatBody().messages as { role: string; content: string }[];
    assert.deepEqual(sent.filter((m) => m.role !== 'system').map((m) => m.content), ['Question']);
  });

  it('edit & resend replaces the edited message and everything after it', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    await rig.session.send('First question');
    await rig.session.send('Second question');
    const second = rig.session.transcript[2];
    assert.equal(second?.text, 'Second question');
    sim.scriptReply({ text: 'Edited answer.' });
    await rig.session.editResend(second.id, 'Second question, edited');
    assert.deepEqual(rig.session.transcript.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
    assert.equal(rig.session.transcript[2]?.text, 'Second question, edited');
    assert.equal(rig.session.transcript[3]?.text, 'Edited answer.');
  });

  it('a failure mid-stream keeps the partial text with the error and its action', async () => {
    const rig = await makeSession(helyxClient(sim, { maxRetries: 0 }), tmp.dir);
    sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 2 } });
    sim.scriptReply({ text: 'alpha beta gamma delta epsilon', chunks: 5 });
    await rig.session.send('Tell me');
    const assistant = rig.session.transcript.at(-1);
    assert.equal(assistant?.status, 'error');
    assert.ok(assistant?.text.length, 'partial text kept');
    assert.equal(assistant?.error?.action, 'retry');
    assert.equal(assistant?.error?.actionLabel, 'Retry');
    assert.equal(ofType(rig.posted, 'messageUpdated').at(-1)?.error?.kind, 'network');
  });

  it('a refused key shows the label of the error-action table', async () => {
    const rig = await makeSession(helyxClient(sim, { apiKey: 'hx-not-a-key-at-all' }), tmp.dir);
    await rig.session.send('Hello');
    const error = rig.session.transcript.at(-1)?.error;
    assert.equal(error?.action, 'set-key');
    assert.equal(error?.actionLabel, 'Set API Key');
  });

  it('persists: a new session on the same storage reopens the conversation, listed from the index', async () => {
    const first = await makeSession(helyxClient(sim), tmp.dir);
    sim.scriptReply({ text: 'Kept on disk.' });
    await first.session.send('Remember me');
    const second = await makeSession(helyxClient(sim), tmp.dir, { memory: first.memory });
    assert.equal(second.session.conversationId, first.session.conversationId);
    assert.deepEqual(second.session.transcript.map((m) => m.text), ['Remember me', 'Kept on disk.']);
    const index = JSON.parse(await readFile(path.join(tmp.dir, 'conversations', 'index.json'), 'utf8')) as { conversations: { id: string; title: string; messageCount: number }[] };
    assert.deepEqual(index.conversations.map((c) => [c.id, c.title, c.messageCount]), [[first.session.conversationId, 'Remember me', 2]]);
    const state = await second.session.state();
    assert.equal(state.conversations[0]?.title, 'Remember me');
  });

  it('a model picked right before sending is the model the request uses', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    rig.backend.settingDelayMs = 60;
    void rig.session.pickModel('claude-4.7');
    await rig.session.send('Which model?');
    assert.equal(lastChatBody().model, 'claude-4.7');
    assert.equal(rig.session.transcript.at(-1)?.model, 'claude-4.7');
  });

  it('a declined overspend sends nothing and gives the draft back to the asking surface only', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    rig.backend.ledger.recordBalance({ creditsRemaining: 0 });
    rig.prompts.overspendAnswer = false;
    const before = sim.requests.length;
    const asker: unknown[] = [];
    await rig.session.send('Too expensive', { reply: (m) => asker.push(m) });
    assert.equal(rig.prompts.asked.length, 1);
    assert.match(rig.prompts.asked[0] ?? '', /more than the 0 credits you have left/);
    assert.deepEqual(asker, [{ type: 'restoreDraft', text: 'Too expensive' }]);
    assert.equal(ofType(rig.posted, 'restoreDraft').length, 0, 'other surfaces keep their drafts');
    assert.equal(sim.requests.length, before);
    assert.equal(rig.session.transcript.length, 0);
  });

  it('an estimate goes to the surface that asked', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    const asker: { type: string }[] = [];
    await rig.session.estimate('How much is this?', (m) => asker.push(m));
    assert.equal(asker[0]?.type, 'estimate');
    assert.equal(ofType(rig.posted, 'estimate').length, 0);
  });

  it('retry asks like Send when the reply may cost more than is left; declined, nothing is sent and the old reply stays', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    sim.scriptReply({ text: 'First answer.' });
    await rig.session.send('Question');
    const first = rig.session.transcript.at(-1);
    rig.backend.ledger.recordBalance({ creditsRemaining: 0 });
    rig.prompts.overspendAnswer = false;
    const before = sim.requests.length;
    await rig.session.retry();
    assert.equal(rig.prompts.asked.length, 1, 'retry asked first');
    assert.equal(sim.requests.length, before, 'nothing was sent');
    assert.equal(rig.session.transcript.at(-1)?.id, first?.id, 'the old reply is kept');
    rig.prompts.overspendAnswer = true;
    sim.scriptReply({ text: 'Second answer.' });
    await rig.session.retry();
    assert.equal(rig.prompts.asked.length, 2);
    assert.equal(rig.session.transcript.length, 2);
    assert.equal(rig.session.transcript.at(-1)?.text, 'Second answer.');
  });

  it('deleting the conversation while its reply streams stops the reply, and nothing writes the file back', async () => {
    const rig = await makeSession(helyxClient(sim), tmp.dir);
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 60 } });
    sim.scriptReply({ text: 'word '.repeat(80), chunks: 80 });
    const sending = rig.session.send('Write a lot');
    await posted(rig, 'messageDelta');
    const id = rig.session.conversationId;
    const file = path.join(tmp.dir, 'conversations', `${id}.json`);
    await rig.session.deleteConversation(id);
    await sending;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the periodic save
    await assert.rejects(readFile(file), 'the deleted conversation file came back');
    assert.equal(rig.session.busy, false);
    assert.notEqual(rig.session.conversationId, id);
    assert.ok(!(await rig.store.list()).some((c) => c.id === id), 'the index no longer lists it');
  });
});
