import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACTION_COMMANDS, manageItems } from '../../../src/languageModels/manageItems';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  contributes: { commands: { command: string }[]; languageModelChatProviders: { vendor: string; managementCommand?: string }[] };
};

describe('language models: Manage Language Models', () => {
  it('without a key, leads with setting one and says why the models are missing', () => {
    const [first, , , refresh] = manageItems({ providerLabel: 'HelyxAI', hasKey: false, modelLabel: 'Helyx 3.5', chatModelCount: 0 });
    assert.equal(first.action, 'setApiKey');
    assert.match(first.label, /Set API Key/);
    assert.match(first.description, /No HelyxAI key/);
    assert.match(first.detail ?? '', /Models appear/);
    assert.match(refresh.description, /Needs a key/);
  });

  it('with a key, shows the provider, the model and how many models VS Code is offered', () => {
    const items = manageItems({ providerLabel: 'HeyToken', hasKey: true, modelLabel: 'GPT-4o mini', chatModelCount: 5 });
    assert.match(items[0].label, /Change API Key/);
    assert.match(items.find((i) => i.action === 'selectProvider')!.description, /HeyToken/);
    assert.match(items.find((i) => i.action === 'selectModel')!.description, /GPT-4o mini/);
    assert.match(items.find((i) => i.action === 'refreshModels')!.description, /5 chat models/);
  });

  it('runs only commands the extension contributes, and is the vendor\'s management command', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const command of Object.values(ACTION_COMMANDS)) assert.ok(contributed.has(command), `${command} is contributed`);
    const vendor = manifest.contributes.languageModelChatProviders.find((p) => p.vendor === 'switchboard');
    assert.equal(vendor?.managementCommand, 'switchboard.manageLanguageModels');
    assert.ok(contributed.has('switchboard.manageLanguageModels'));
  });
});
