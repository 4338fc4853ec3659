export function extensionDefines(production: boolean, env?: NodeJS.ProcessEnv): Record<string, string>;
