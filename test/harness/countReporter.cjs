// Mocha's Spec reporter plus a machine-readable tally for scripts/test.mjs: when the run ends,
// { passed, failed, pending } goes to the file named by SWITCHBOARD_COUNT_FILE.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS module: mocha loads reporters with require() */

const { writeFileSync } = require('node:fs');
const mochaModule = require('mocha');

// mocha 12 is ES modules; require() gives its namespace, whose default export is Mocha itself.
const Mocha = mochaModule.default ?? mochaModule;
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.SWITCHBOARD_COUNT_FILE;
      if (!file) return;
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      writeFileSync(file, `${JSON.stringify({ passed: passes, failed: failures, pending })}\n`);
    });
  }
}

module.exports = CountReporter;
