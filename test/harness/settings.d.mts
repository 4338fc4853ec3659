export function writeUserSettings(userDataDir: string, settings?: Record<string, unknown>): Promise<string>;
