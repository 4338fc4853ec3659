// Loaded by the extension host as the "tests" of `npm run bench`'s activation bench (bench/activation.mjs):
// asks VS Code to activate the installed Switchboard, which nothing has activated yet, and times it.
// Prints one SWITCHBOARD_ACTIVATION line for the bench to read.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: the extension host require()s it, and it requires the bundle as VS Code does */
const vscode = require('vscode');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const extensionId = 'switchboard-dev.switchboard';

exports.run = async function run() {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed in this editor`);
  if (extension.isActive) throw new Error(`${extensionId} was already active: the measurement would be empty`);
  const contributed = extension.packageJSON.contributes.commands.map((entry) => entry.command);

  // Code loading: the bundle is required the way the extension host requires it, so that the
  // activation below finds it in Node's module cache; its exports are swapped for a copy whose
  // activate() is timed, so the figure is Switchboard's alone, not VS Code's work around it.
  const main = require.resolve(path.join(extension.extensionPath, extension.packageJSON.main));
  const loadStarted = performance.now();
  const exported = require(main);
  const codeLoadMs = performance.now() - loadStarted;
  let activateMs;
  require.cache[main].exports = {
    ...exported,
    activate: async (context) => {
      const started = performance.now();
      try {
        return await exported.activate(context);
      } finally {
        activateMs = performance.now() - started;
      }
    },
  };

  // VS Code's whole activation: creating the extension context (its storage), then activate().
  const requestStarted = performance.now();
  await extension.activate();
  const extensionActivateMs = performance.now() - requestStarted;
  if (activateMs === undefined) throw new Error('VS Code did not call the timed activate(): the module was loaded again');

  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter((command) => !registered.has(command));
  if (missing.length) throw new Error(`commands not registered after activation: ${missing.join(', ')}`);
  console.log(`SWITCHBOARD_ACTIVATION ${JSON.stringify({ codeLoadMs, activateMs, extensionActivateMs, commands: contributed.length })}`);
};
