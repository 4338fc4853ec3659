import type { ProviderPreset } from '../gateway/types';

/** A warning (not an error: gateways change formats) when a key does not look like the provider's. */
export function keyPrefixWarning(preset: ProviderPreset, key: string): string | undefined {
  const trimmed = key.trim();
  if (!trimmed) return undefined;
  if (/\s/.test(trimmed)) return 'The key contains spaces; keys are a single word.';
  if (preset.keyPrefix && !trimmed.startsWith(preset.keyPrefix)) {
    return `${preset.displayName} keys start with "${preset.keyPrefix}". Check that this key is for ${preset.displayName}.`;
  }
  return undefined;
}
