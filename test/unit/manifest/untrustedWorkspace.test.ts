// In an untrusted workspace VS Code ignores a repository's value for every setting the manifest
// lists under restrictedConfigurations. A repository must not choose what the user pays for: which
// provider, which model (for any feature), how many tokens, at what temperature.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } | { properties: Record<string, { scope?: string }> }[] };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
const properties = Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, { scope?: string }>;
const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;

describe('package.json: untrusted workspaces', () => {
  it('restricts provider, every model setting, maxTokens and temperature', () => {
    for (const name of ['switchboard.provider', 'switchboard.model', 'switchboard.codeActions.model', 'switchboard.images.model', 'switchboard.videos.model', 'switchboard.maxTokens', 'switchboard.temperature']) {
      assert.ok(name in properties, `${name} is not a setting`);
      assert.ok(restricted.includes(name), `${name} can be set by an untrusted repository`);
    }
  });

  it('no setting a workspace can set that picks a model or what a request costs is left out', () => {
    const spending = Object.entries(properties).filter(([name, p]) => p.scope !== 'application' && p.scope !== 'machine' && /(?:^|\.)(?:model|provider|maxTokens|temperature)$/.test(name.replace(/^switchboard\./, '')));
    assert.ok(spending.length >= 7);
    for (const [name] of spending) assert.ok(restricted.includes(name), `${name} is not restricted`);
  });
});
