export function packageExtension(options?: { out?: string; log?: (line: string) => void }): Promise<string>;
export function packageFixtureToolExtension(options?: { out?: string; log?: (line: string) => void }): Promise<string>;
