// Gateways that fail inside a 200 stream (or a 200 JSON body) name the failure with a text code,
// not an HTTP status: `"code":"invalid_api_key"`, `"type":"insufficient_quota"`. The status those
// words stand for, so the error is reported as what it is and retried only when retrying can help.

const BY_WORDS: readonly [RegExp, number][] = [
  [/insufficient|quota|billing|balance|credit|payment/, 402],
  [/invalid_api_key|api_key|unauthori[sz]ed|authentication|invalid_token|token_expired|\bauth/, 401],
  [/permission|forbidden|plan_required|access_denied|not_allowed/, 403],
  [/model_not_found|model_not_available|not_found|no_such/, 404],
  [/rate_limit|too_many_requests|throttl/, 429],
  [/context_length|too_long|too_large|max_tokens|invalid_request|bad_request|invalid_parameter|validation/, 400],
  [/overloaded|unavailable|capacity/, 503],
  [/timeout|timed_out/, 504],
  [/server_error|internal|upstream/, 500],
];

/** The HTTP status an in-band error's code and type mean, or undefined when the words say nothing known. */
export function statusForErrorCode(code: string | undefined): number | undefined {
  if (!code) return undefined;
  const words = code.toLowerCase();
  const numeric = /\b([45]\d\d)\b/.exec(words);
  if (numeric) return Number(numeric[1]);
  for (const [pattern, status] of BY_WORDS) if (pattern.test(words)) return status;
  return undefined;
}
