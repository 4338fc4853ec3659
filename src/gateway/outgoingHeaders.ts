// The headers a request to a gateway may carry. The openai SDK merges OPENAI_CUSTOM_HEADERS from
// the environment into every request (after the auth header), so a credential meant for another
// service could reach the gateway, or replace the user's key. Switchboard sends only what it sets:
// the SDK's content and retry headers, and its own Authorization.

const KEPT = new Set(['accept', 'content-type', 'user-agent', 'idempotency-key']);
const KEPT_PREFIX = 'x-stainless-';

/** `init` with only the headers Switchboard sets; Authorization is the given key or nothing. */
export function onlyOurHeaders(init: RequestInit | undefined, apiKey: string | undefined): RequestInit {
  const given = new Headers(init?.headers);
  const headers = new Headers();
  given.forEach((value, name) => {
    if (KEPT.has(name) || name.startsWith(KEPT_PREFIX)) headers.set(name, value);
  });
  if (apiKey) headers.set('authorization', `Bearer ${apiKey}`);
  return { ...init, headers };
}
