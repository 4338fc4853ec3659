// Switchboard's models inside VS Code's own language-model API: vscode.lm sees the simulator's chat
// models under the vendor "switchboard", and requests through it are streamed, cancellable, billed
// and fail with the gateway core's message. @switchboard's handler runs against the same gateway.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../sim/server';
import { HELYX_MODELS } from '../sim/catalogue';
import { gradientPng } from '../sim/media';
import type { SwitchboardApi } from '../../src/extension';
import { countTokens } from '../../src/gateway/tokenizer';
import { createParticipantHandler, type ParticipantResultMetadata } from '../../src/languageModels/chatParticipant';
import { offeredTools } from '../../src/languageModels/participantTools';
import { setGlobal, activateSwitchboard, rememberSettings } from './switchboardSetup';
import { eventually } from '../support/eventually';

const switchboardModels = (selector: vscode.LanguageModelChatSelector = {}): Thenable<vscode.LanguageModelChat[]> =>
  vscode.lm.selectChatModels({ vendor: 'switchboard', ...selector });

async function model(id: string): Promise<vscode.LanguageModelChat> {
  const [found] = await switchboardModels({ id });
  assert.ok(found, `vscode.lm offers ${id}`);
  return found;
}

async function readText(response: vscode.LanguageModelChatResponse, onPart?: (text: string) => void): Promise<string> {
  let text = '';
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) {
      text += part.value;
      onPart?.(text);
    }
  }
  return text;
}

const chatRequests = (sim: Simulator) => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions'));

/** A ChatResponseStream that records what a participant said. */
class RecordingStream {
  markdown = '';
  anchors: vscode.Uri[] = [];
  references: vscode.Uri[] = [];
  buttons: string[] = [];
  progress: string[] = [];
  readonly stream = {
    markdown: (value: string | vscode.MarkdownString) => void (this.markdown += typeof value === 'string' ? value : value.value),
    anchor: (value: vscode.Uri | vscode.Location) => void this.anchors.push(value instanceof vscode.Uri ? value : value.uri),
    reference: (value: vscode.Uri | vscode.Location) => void this.references.push(value instanceof vscode.Uri ? value : value.uri),
    button: (command: vscode.Command) => void this.buttons.push(command.command),
    progress: (value: string) => void this.progress.push(value),
    filetree: () => undefined,
    push: () => undefined,
  } as unknown as vscode.ChatResponseStream;
}

function chatRequest(prompt: string, command?: string, extra: { toolReferences?: { name: string }[]; model?: vscode.LanguageModelChat } = {}): vscode.ChatRequest {
  // No chat UI routes a request to a participant headlessly, so the handler gets one built here:
  // without a toolInvocationToken, as when a tool is invoked outside a chat.
  return { prompt, command, references: [], toolReferences: extra.toolReferences ?? [], model: extra.model, toolInvocationToken: undefined } as unknown as vscode.ChatRequest;
}

describe('Switchboard models in VS Code (vscode.lm and @switchboard, simulator over loopback)', () => {
  let sim: Simulator;
  let api: SwitchboardApi;
  let restoreSettings: () => Promise<void>;

  before(async () => {
    sim = await startSimulator();
    api = await activateSwitchboard();
    restoreSettings = rememberSettings(['provider', 'model', 'baseUrl.helyx']);
    await setGlobal('baseUrl.helyx', sim.helyxBaseUrl);
    await setGlobal('provider', 'helyx');
    await setGlobal('model', undefined);
    await api.keys.set('helyx', sim.keys.helyxPro);
  });

  after(async () => {
    await api.keys.set('helyx', sim.keys.helyxPro);
    await restoreSettings();
    await sim.close();
  });

  beforeEach(() => sim.clearFaults());

  it('vscode.lm tools: models report tool calling, calls arrive as LanguageModelToolCallPart, results go back as tool messages', async () => {
    const models = await switchboardModels();
    // `capabilities` is on LanguageModelChat at run time, newer than the @types/vscode floor.
    const caps = (m: vscode.LanguageModelChat | undefined) => (m as unknown as { capabilities?: { supportsToolCalling?: boolean; toolCalling?: boolean } } | undefined)?.capabilities;
    const helyxCaps = caps(models.find((m) => m.id === 'helyx-3.5'));
    assert.ok(helyxCaps?.supportsToolCalling ?? helyxCaps?.toolCalling, `helyx-3.5 calls tools, so agent mode lists it (${JSON.stringify(helyxCaps)})`);
    const helyx = await model('helyx-3.5');
    const tools: vscode.LanguageModelChatTool[] = [
      { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
      { name: 'search', description: 'Searches', inputSchema: { type: 'object', properties: { query: { type: 'string' } } } },
    ];
    const collectParts = async (response: vscode.LanguageModelChatResponse) => {
      let text = '';
      const calls: vscode.LanguageModelToolCallPart[] = [];
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) text += part.value;
        else if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
      }
      return { text, calls };
    };
    const token = () => new vscode.CancellationTokenSource().token;

    sim.scriptReply({ marker: '[lm-two]', text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts' } }, { name: 'search', arguments: { query: 'x' } }], argumentChunks: 3 });
    const two = await collectParts(await helyx.sendRequest([vscode.LanguageModelChatMessage.User('[lm-two] go')], { tools }, token()));
    assert.deepEqual(two.calls.map((c) => [c.name, c.input]), [['read_file', { path: 'a.ts' }], ['search', { query: 'x' }]], 'two parallel calls, two parts');

    const args = { path: 'src/naïve ✓.ts', options: { lines: [1, 2] } };
    sim.scriptReply({ marker: '[lm-trip]', text: 'Let me look.', toolCalls: [{ name: 'read_file', arguments: args }], argumentChunks: 5 });
    sim.scriptReply({ marker: '[lm-trip]', text: 'The file says hello.' });
    const question = vscode.LanguageModelChatMessage.User('[lm-trip] What is in the file?');
    const first = await collectParts(await helyx.sendRequest([question], { tools }, token()));
    assert.equal(first.text, 'Let me look.');
    assert.equal(first.calls.length, 1);
    const [call] = first.calls;
    assert.deepEqual(call.input, args, 'the arguments, split over five chunks, arrive parsed');
    const sent = chatRequests(sim).at(-1)!.body as { tools?: unknown[] };
    assert.equal(sent.tools?.length, 2, 'the tools reached the gateway');

    const second = await collectParts(
      await helyx.sendRequest(
        [
          question,
          vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelTextPart(first.text), call]),
          vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('# Hello')])]),
        ],
        { tools },
        token(),
      ),
    );
    assert.equal(second.text, 'The file says hello.');
    assert.deepEqual(second.calls, []);
    const result = sim.toolResults.at(-1);
    assert.equal(result?.toolCallId, call.callId);
    assert.equal(result?.content, '# Hello');
  });

  it('vscode.lm images: an image LanguageModelDataPart reaches the gateway as an image part, for a model declared to take images', async () => {
    const restore = rememberSettings(['models.capabilities']);
    try {
      await setGlobal('models.capabilities', { 'helyx-3.5': { imageInput: true } });
      // `capabilities` and `LanguageModelDataPart` are newer than the @types/vscode floor.
      const takesImages = (m: vscode.LanguageModelChat | undefined) => {
        const caps = (m as unknown as { capabilities?: { supportsImageToText?: boolean; imageInput?: boolean } } | undefined)?.capabilities;
        return caps?.supportsImageToText ?? caps?.imageInput ?? false;
      };
      await eventually(async () => {
        const helyx = (await switchboardModels()).find((m) => m.id === 'helyx-3.5');
        assert.ok(takesImages(helyx), `the declared image input is not reported yet: ${JSON.stringify((helyx as unknown as { capabilities?: unknown })?.capabilities)}`);
      }, 20_000);
      const DataPart = (vscode as unknown as { LanguageModelDataPart: { image(data: Uint8Array, mime: string): unknown } }).LanguageModelDataPart;
      // A real PNG: the workbench decodes (and may resize) images before they reach the provider.
      const png = new Uint8Array(gradientPng('lm-img'));
      const user = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelTextPart('[lm-img] What is in this picture?'), DataPart.image(png, 'image/png') as vscode.LanguageModelTextPart]);
      sim.scriptReply({ marker: '[lm-img]', text: 'A tiny picture.' });
      const response = await (await model('helyx-3.5')).sendRequest([user], {}, new vscode.CancellationTokenSource().token);
      let text = '';
      for await (const part of response.text) text += part;
      assert.equal(text, 'A tiny picture.');
      const sent = chatRequests(sim).at(-1)!.body as { messages: { role: string; content: unknown }[] };
      const parts = sent.messages.filter((m) => m.role === 'user').flatMap((m) => (Array.isArray(m.content) ? m.content : [])) as { type: string; image_url?: { url: string } }[];
      const image = parts.find((p) => p.type === 'image_url');
      const url = image?.image_url?.url ?? '';
      assert.match(url, /^data:image\/png;base64,/, `no image part reached the gateway: ${JSON.stringify(sent.messages).slice(0, 500)}`);
      assert.equal(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').subarray(1, 4).toString('ascii'), 'PNG', 'the image part does not hold a PNG');
    } finally {
      await restore();
    }
  });

  it('vscode.lm lists the simulator\'s chat models under the Switchboard vendor, and no image or video model', async () => {
    const models = await switchboardModels();
    const expected = HELYX_MODELS.filter((m) => m.kind === 'chat').map((m) => m.id).sort();
    assert.deepEqual(models.map((m) => m.id).sort(), expected);
    for (const m of models) {
      assert.equal(m.vendor, 'switchboard');
      assert.ok(m.maxInputTokens > 0, `${m.id} says how much input it takes`);
    }
    assert.equal(models.find((m) => m.id === 'helyx-3.5')?.name, 'Helyx 3.5');
  });

  it('sendRequest streams the simulator\'s answer, and the ledger records what the gateway charged', async () => {
    const answer = 'Closures capture the variables of the scope they were created in.';
    sim.scriptReply({ text: answer, chunks: 6 });
    const helyx = await model('helyx-3.5');
    const creditsBefore = sim.credits(sim.keys.helyxPro);
    const spentBefore = api.gateway.ledger('helyx').snapshot().sessionSpend;

    const response = await helyx.sendRequest([vscode.LanguageModelChatMessage.User('Explain closures')], {}, new vscode.CancellationTokenSource().token);
    assert.equal(await readText(response), answer);

    const request = chatRequests(sim).at(-1)!;
    assert.equal(request.path, '/api/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${sim.keys.helyxPro}`);
    const body = request.body as { model: string; messages: { role: string; content: string }[] };
    assert.equal(body.model, 'helyx-3.5');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Explain closures' }]);

    const charged = creditsBefore - sim.credits(sim.keys.helyxPro);
    assert.ok(charged > 0, 'the simulator charged for the request');
    const snapshot = api.gateway.ledger('helyx').snapshot();
    assert.equal(snapshot.lastCost?.model, 'helyx-3.5');
    assert.equal(snapshot.lastCost?.estimated, false, 'the gateway-reported charge, not an estimate');
    assert.ok(Math.abs((snapshot.lastCost?.credits ?? 0) - charged) < 1e-6, `ledger ${snapshot.lastCost?.credits} vs charged ${charged}`);
    assert.ok(Math.abs(snapshot.sessionSpend - spentBefore - charged) < 1e-6, 'the credit counter\'s session spend grew by the charge');
    assert.equal(snapshot.balance?.credits, sim.credits(sim.keys.helyxPro), 'the counter shows the balance the gateway reported');
  });

  it('cancelling mid-stream stops the answer', async () => {
    const full = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 150 }, path: '/chat/completions' });
    sim.scriptReply({ text: full, chunks: 60 });
    const helyx = await model('helyx-3.5');
    const cancel = new vscode.CancellationTokenSource();
    const response = await helyx.sendRequest([vscode.LanguageModelChatMessage.User('Count slowly')], {}, cancel.token);
    const received = await readText(response, () => cancel.cancel());
    assert.ok(received.length > 0, 'some text arrived before the cancel');
    assert.ok(full.startsWith(received), 'what arrived is the start of the answer');
    assert.ok(received.length < full.length, `the stream stopped early (${received.length} of ${full.length} characters)`);
  });

  it('a 402 from the gateway surfaces as an error with the gateway\'s message', async () => {
    await api.keys.set('helyx', sim.keys.helyxEmpty);
    try {
      const helyx = await model('helyx-3.5');
      await assert.rejects(
        async () => readText(await helyx.sendRequest([vscode.LanguageModelChatMessage.User('Anything')], {}, new vscode.CancellationTokenSource().token)),
        (error: unknown) => {
          assert.ok(error instanceof Error, 'an Error');
          assert.match(error.message, /out of HelyxAI credits/, 'the gateway core\'s explanation');
          assert.match(error.message, /You've used all of today's credits/, 'the gateway\'s own words');
          assert.ok(!/\n\s+at /.test(error.message), 'no stack trace in the message');
          assert.ok(error instanceof vscode.LanguageModelError, 'a LanguageModelError callers can branch on');
          assert.equal(error.code, vscode.LanguageModelError.Blocked.name, 'out of credits reads as Blocked');
          return true;
        },
      );
    } finally {
      await api.keys.set('helyx', sim.keys.helyxPro);
    }
  });

  it('with no key, a silent look-up offers no model and asks the user nothing', async () => {
    const window = vscode.window as unknown as Record<string, unknown>;
    const names = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showInputBox', 'showQuickPick'];
    const originals = Object.fromEntries(names.map((n) => [n, window[n]]));
    const asked: string[] = [];
    for (const name of names) {
      window[name] = async () => {
        asked.push(name);
        return undefined;
      };
    }
    try {
      // The spy sees the extension's own prompts: its management command asks with a quick pick.
      await vscode.commands.executeCommand('switchboard.manageLanguageModels');
      assert.deepEqual(asked, ['showQuickPick'], 'the spy catches Switchboard\'s prompts');
      asked.length = 0;

      await api.keys.remove('helyx');
      assert.deepEqual(await switchboardModels(), []);
      assert.deepEqual(asked, [], 'nothing was shown');
    } finally {
      for (const name of names) window[name] = originals[name];
      await api.keys.set('helyx', sim.keys.helyxPro);
    }
    assert.ok((await switchboardModels()).length > 0, 'the models come back with the key');
  });

  it('counts tokens with the tokenizer the cost estimate uses', async () => {
    const helyx = await model('helyx-3.5');
    const text = 'function add(a: number, b: number) { return a + b; }';
    assert.equal(await helyx.countTokens(text), await countTokens(text));
    const asMessage = await helyx.countTokens(vscode.LanguageModelChatMessage.User(text));
    assert.ok(asMessage > (await countTokens(text)), 'a message costs its text plus the per-message overhead');
  });

  it('@switchboard answers with the user\'s selected Switchboard model and bills it', async () => {
    await setGlobal('model', 'kimi-k2.6');
    try {
      sim.scriptReply({ text: 'A **monad** chains computations.', chunks: 4 });
      const recorder = new RecordingStream();
      const handler = createParticipantHandler({ gateway: api.gateway, log: api.log });
      const result = (await handler(chatRequest('What is a monad?'), { history: [] }, recorder.stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult;
      assert.equal(recorder.markdown, 'A **monad** chains computations.');
      assert.equal(result.errorDetails, undefined);
      const body = chatRequests(sim).at(-1)!.body as { model: string; messages: { role: string; content: string }[] };
      assert.equal(body.model, 'kimi-k2.6');
      assert.equal(body.messages.at(-1)?.content, 'What is a monad?');
      assert.equal((body as { tools?: unknown }).tools, undefined, 'no tools attached to the request, none offered');
      const metadata = result.metadata as ParticipantResultMetadata;
      assert.equal(metadata.model, 'kimi-k2.6');
      assert.ok(metadata.credits !== undefined && metadata.credits > 0 && metadata.creditsEstimated === false, 'the gateway\'s charge is recorded');
    } finally {
      await setGlobal('model', undefined);
    }
  });

  it('@switchboard runs the tools attached to the request through vscode.lm.invokeTool, sends their results back and streams the answer, each request billed once', async () => {
    const restore = rememberSettings(['images.model', 'images.folder', 'tools.confirmAboveCredits']);
    await setGlobal('images.model', 'nano-banana-pro');
    await setGlobal('images.folder', 'participant/images');
    // Without a chat (no toolInvocationToken) VS Code would confirm in a modal dialog this suite cannot click.
    await setGlobal('tools.confirmAboveCredits', 1_000_000);
    try {
      const prompt = 'A lighthouse drawn for the participant';
      sim.scriptReply({
        marker: '[p-tools]',
        text: 'Drawing it.',
        toolCalls: [
          { id: 'call_p_image', name: 'switchboard_generateImage', arguments: { prompt } },
          // Throws in the tool ("prompt" is required): the model gets the error as the result.
          { id: 'call_p_empty', name: 'switchboard_generateImage', arguments: { prompt: '' } },
        ],
        argumentChunks: 3,
      });
      sim.scriptReply({ marker: '[p-tools]', text: 'Saved the lighthouse.', chunks: 3 });
      const ledger = api.gateway.ledger('helyx');
      const spentBefore = ledger.snapshot().sessionSpend;
      const creditsBefore = sim.credits(sim.keys.helyxPro);
      const sentBefore = chatRequests(sim).length;
      const recorder = new RecordingStream();
      const handler = createParticipantHandler({ gateway: api.gateway, log: api.log });
      const request = chatRequest('[p-tools] Draw a lighthouse', undefined, { toolReferences: [{ name: 'switchboard_generateImage' }], model: await model('helyx-3.5') });
      const result = (await handler(request, { history: [] }, recorder.stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult;

      assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
      assert.equal(recorder.markdown, 'Drawing it.\n\nSaved the lighthouse.', 'both steps\' text is streamed');
      assert.deepEqual(recorder.progress.filter((p) => p.startsWith('Running')), ['Running switchboard_generateImage…', 'Running switchboard_generateImage…']);
      const sent = chatRequests(sim).slice(sentBefore).map((r) => r.body as { model: string; tools?: { function: { name: string } }[]; tool_choice?: unknown });
      assert.equal(sent.length, 2, 'one request with the calls, one with the results');
      assert.deepEqual(sent.map((b) => b.model), ['helyx-3.5', 'helyx-3.5'], 'the model picked in VS Code');
      assert.deepEqual(sent[0].tools?.map((t) => t.function.name), ['switchboard_generateImage'], 'only the attached tool is offered');
      assert.deepEqual(sent.map((b) => b.tool_choice), ['required', 'auto'], 'an attached tool is called first, as vscode.d.ts asks');

      const image = sim.requests.filter((r) => r.path.endsWith('/images/generations')).at(-1);
      assert.equal((image?.body as { prompt?: string } | undefined)?.prompt, prompt, 'the parsed arguments reached the registered tool, which reached the gateway');
      const results = new Map(sim.toolResults.map((r) => [r.toolCallId, r]));
      const saved = JSON.parse(String(results.get('call_p_image')?.content)) as { path?: string };
      assert.match(saved.path ?? '', /^participant\/images\/.*\.png$/, 'the tool\'s result came back under the call\'s id');
      assert.match(String(results.get('call_p_empty')?.content), /^Error: switchboard_generateImage failed: "prompt" is required/, 'the failure came back as the result');

      const metadata = result.metadata as ParticipantResultMetadata;
      const charged = creditsBefore - sim.credits(sim.keys.helyxPro);
      const imagePrice = 200;
      assert.ok(metadata.credits !== undefined && metadata.credits > 0 && metadata.creditsEstimated === false);
      assert.ok(Math.abs(metadata.credits - (charged - imagePrice)) < 1e-6, `the reply's cost ${metadata.credits} is what the gateway charged for the two requests (${charged - imagePrice})`);
      assert.ok(Math.abs(ledger.snapshot().sessionSpend - spentBefore - charged) < 1e-6, 'the ledger counted each request (and the image) once');
    } finally {
      await restore();
    }
  });

  it('@switchboard stops after switchboard.agent.maxSteps model requests when the model keeps calling tools', async () => {
    const restore = rememberSettings(['agent.maxSteps']);
    await setGlobal('agent.maxSteps', 3);
    try {
      for (let i = 1; i <= 4; i++) sim.scriptReply({ marker: '[p-loop]', text: '', toolCalls: [{ id: `call_loop_${i}`, name: 'switchboard_getCredits', arguments: {} }] });
      const sentBefore = chatRequests(sim).length;
      const recorder = new RecordingStream();
      const handler = createParticipantHandler({ gateway: api.gateway, log: api.log });
      const request = chatRequest('[p-loop] How many credits?', undefined, { toolReferences: [{ name: 'switchboard_getCredits' }] });
      const result = (await handler(request, { history: [] }, recorder.stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult;
      assert.equal(result.errorDetails, undefined);
      assert.equal(chatRequests(sim).length - sentBefore, 3, 'three model requests, then it stops');
      // Each request carries the whole conversation, so earlier results come back again.
      const answered = sim.toolResults.filter((r) => r.toolCallId.startsWith('call_loop_'));
      assert.deepEqual([...new Set(answered.map((r) => r.toolCallId))], ['call_loop_1', 'call_loop_2'], 'the calls of the last allowed request are not run');
      assert.equal((JSON.parse(String(answered[0].content)) as { provider?: string }).provider, 'HelyxAI', 'the credits tool ran');
      assert.match(recorder.markdown, /Stopped after 3 model requests \(the limit set by `switchboard\.agent\.maxSteps`\)/);
    } finally {
      await restore();
    }
  });

  it('@switchboard offers the tools VS Code selected for the request, and none otherwise', () => {
    const request = (fields: Record<string, unknown>) => ({ toolReferences: [], ...fields }) as unknown as vscode.ChatRequest;
    const names = (offered: ReturnType<typeof offeredTools>) => offered.tools.map((t) => t.name);
    assert.deepEqual(offeredTools(request({})), { tools: [], referenced: false }, 'no selection, no tools (not all of vscode.lm.tools)');
    const referenced = offeredTools(request({ toolReferences: [{ name: 'switchboard_getCredits' }, { name: 'no_such_tool' }] }));
    assert.deepEqual(names(referenced), ['switchboard_getCredits'], 'attached tools that exist');
    assert.equal(referenced.referenced, true);
    assert.deepEqual(referenced.tools[0].parameters, vscode.lm.tools.find((t) => t.name === 'switchboard_getCredits')?.inputSchema, 'the schema VS Code holds');
    // The picker's map (proposed API) wins when VS Code passes it: only the tools switched on.
    const picked = offeredTools(request({ tools: new Map([['switchboard_getCredits', true], ['switchboard_generateImage', false]]), toolReferences: [{ name: 'switchboard_generateVideo' }] }));
    assert.deepEqual(names(picked), ['switchboard_getCredits']);
    assert.equal(picked.referenced, false);
  });

  it('@switchboard stops the tool loop when the chat request is cancelled', async () => {
    sim.scriptReply({ marker: '[p-cancel]', text: '', toolCalls: [{ id: 'call_cancel_1', name: 'switchboard_getCredits', arguments: {} }] });
    sim.scriptReply({ marker: '[p-cancel]', text: 'Should not be asked for.' });
    const sentBefore = chatRequests(sim).filter((r) => JSON.stringify(r.body).includes('[p-cancel]')).length;
    const cancel = new vscode.CancellationTokenSource();
    const recorder = new RecordingStream();
    let ranTool = false;
    // The user stops the chat as the first tool starts.
    const stream = { ...recorder.stream, progress: (value: string) => void (value.startsWith('Running') && ((ranTool = true), cancel.cancel())) } as vscode.ChatResponseStream;
    const handler = createParticipantHandler({ gateway: api.gateway, log: api.log });
    const request = chatRequest('[p-cancel] credits?', undefined, { toolReferences: [{ name: 'switchboard_getCredits' }] });
    await handler(request, { history: [] }, stream, cancel.token);
    const sent = chatRequests(sim).filter((r) => JSON.stringify(r.body).includes('[p-cancel]')).length - sentBefore;
    assert.ok(ranTool, 'the model\'s call reached the tool step');
    assert.equal(sent, 1, 'no request after the cancellation');
    // The second '[p-cancel]' reply stays queued; only a request carrying that marker would take it.
  });

  it('@switchboard shows the gateway\'s message when the request fails', async () => {
    await api.keys.set('helyx', sim.keys.helyxEmpty);
    try {
      const recorder = new RecordingStream();
      const handler = createParticipantHandler({ gateway: api.gateway, log: api.log });
      const result = (await handler(chatRequest('Anything'), { history: [] }, recorder.stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult;
      assert.match(result.errorDetails?.message ?? '', /You've used all of today's credits/);
    } finally {
      await api.keys.set('helyx', sim.keys.helyxPro);
    }
  });

  it('@switchboard /image generates through Switchboard\'s image command and replies with the saved file', async () => {
    await setGlobal('images.model', 'nano-banana-pro');
    try {
      const recorder = new RecordingStream();
      const handler = createParticipantHandler({ gateway: api.gateway, log: api.log });
      const result = (await handler(chatRequest('a lighthouse at dusk', 'image'), { history: [] }, recorder.stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult;
      assert.equal(result.errorDetails, undefined);
      const request = sim.requests.filter((r) => r.path.endsWith('/images/generations')).at(-1);
      assert.equal((request?.body as { prompt?: string } | undefined)?.prompt, 'a lighthouse at dusk', 'the prompt reached the gateway');
      assert.equal(recorder.anchors.length, 1, 'one file in the reply');
      assert.deepEqual(recorder.references.map(String), recorder.anchors.map(String), 'shown inline and as a reference');
      const [file] = recorder.anchors;
      assert.ok(vscode.workspace.getWorkspaceFolder(file), `${file.fsPath} is inside the workspace`);
      assert.ok((await vscode.workspace.fs.stat(file)).size > 0, 'the image is on disk');
      assert.match(recorder.markdown, /Saved the image to/);
    } finally {
      await setGlobal('images.model', undefined);
    }
  });

  it('@switchboard /video follows the video task and replies with the saved video', async () => {
    await setGlobal('videos.model', 'vo3');
    try {
      const recorder = new RecordingStream();
      const handler = createParticipantHandler({ gateway: api.gateway, log: api.log, taskPollMs: 250 });
      const result = (await handler(chatRequest('a paper boat in the rain', 'video'), { history: [] }, recorder.stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult;
      assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
      assert.ok(sim.requests.some((r) => r.path.endsWith('/videos/generations') && (r.body as { prompt?: string }).prompt === 'a paper boat in the rain'));
      assert.equal(recorder.anchors.length, 1, `one video in the reply: ${recorder.markdown}`);
      assert.deepEqual(recorder.references.map(String), recorder.anchors.map(String));
      const [file] = recorder.anchors;
      assert.ok(vscode.workspace.getWorkspaceFolder(file), `${file.fsPath} is inside the workspace`);
      assert.ok((await vscode.workspace.fs.stat(file)).size > 0, 'the video is on disk');
    } finally {
      await setGlobal('videos.model', undefined);
    }
  });

  it('@switchboard /video stops waiting when the chat request is cancelled, and says the task goes on', async () => {
    const recorder = new RecordingStream();
    const cancel = new vscode.CancellationTokenSource();
    const handler = createParticipantHandler({
      gateway: api.gateway,
      log: api.log,
      taskPollMs: 50,
      runCommand: async (command) => {
        if (command === 'switchboard.generateVideo') return { id: 'task-1', taskId: 'gw-1', state: 'queued' };
        cancel.cancel(); // the user stops the chat while the video renders
        return [{ id: 'task-1', state: 'running', progress: 10 }];
      },
    });
    const result = (await handler(chatRequest('a slow sunrise', 'video'), { history: [] }, recorder.stream, cancel.token)) as vscode.ChatResult;
    assert.equal(result.errorDetails, undefined);
    assert.match(recorder.markdown, /still rendering/);
    assert.deepEqual(recorder.buttons, ['switchboard.tasks.focus']);
  });
});
