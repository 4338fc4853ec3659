// Compile-time switches for the extension bundle, shared by the build and the test that checks it.
// SWITCHBOARD_DEMO_KEYS (keys imported from the environment for the simulator) exists only in
// development builds and in the packages the tests and the demo make (SWITCHBOARD_DEMO_BUILD=1):
// a package built for users has no code that could overwrite a stored key from the environment.

/** @param {boolean} production @param {NodeJS.ProcessEnv} [env] */
export function extensionDefines(production, env = process.env) {
  return { __SWITCHBOARD_DEMO_KEYS__: JSON.stringify(!production || env.SWITCHBOARD_DEMO_BUILD === '1') };
}
