// Error bodies in each gateway's own wording. HelyxAI documents {"error":{message,type,code}} with the
// status as a string code; HeyToken documents only statuses, so it gets the OpenAI-style body most
// OpenAI-compatible gateways send (string codes such as "invalid_api_key").
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-io';

export type Gateway = 'helyx' | 'heytoken';

interface ErrorWording {
  message: string;
  type: string;
  code: string;
}

const HELYX_DEFAULTS: Record<number, Omit<ErrorWording, 'code'>> = {
  400: { message: 'Bad request: fix the JSON or the missing fields (model, messages).', type: 'invalid_request_error' },
  401: { message: 'Invalid or missing API key.', type: 'authentication_error' },
  402: { message: "You've used all of today's credits.", type: 'insufficient_quota' },
  403: { message: 'This model requires a Plus plan or higher.', type: 'plan_required' },
  404: { message: 'Model not found. Check the model list.', type: 'model_not_found' },
  429: { message: 'Rate limited: too many requests. Slow down.', type: 'rate_limit_exceeded' },
  500: { message: 'Server error: upstream issue. Retry in 30s.', type: 'server_error' },
  503: { message: 'Service temporarily unavailable. Retry shortly.', type: 'service_unavailable' },
};

const HEYTOKEN_DEFAULTS: Record<number, ErrorWording> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: 'invalid_request' },
  401: {
    message: 'Invalid or missing API key. Check your Authorization header format.',
    type: 'authentication_error',
    code: 'invalid_api_key',
  },
  402: {
    message: 'Insufficient balance. Top up your credits in the Billing section.',
    type: 'billing_error',
    code: 'insufficient_balance',
  },
  404: { message: 'The requested model or endpoint does not exist.', type: 'invalid_request_error', code: 'not_found' },
  429: {
    message: 'Too many requests. Please implement exponential backoff.',
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'Upstream provider is temporarily down. Our system will auto-retry another channel.',
    type: 'server_error',
    code: 'upstream_error',
  },
  503: {
    message: 'The model is currently experiencing high traffic. Try again in a few seconds.',
    type: 'server_error',
    code: 'overloaded',
  },
};

export function errorBody(gateway: Gateway, status: number, message?: string, type?: string, code?: string): unknown {
  if (gateway === 'helyx') {
    const wording = HELYX_DEFAULTS[status] ?? { message: `HTTP ${status}`, type: 'error' };
    return { error: { message: message ?? wording.message, type: type ?? wording.type, code: code ?? String(status) } };
  }
  const wording = HEYTOKEN_DEFAULTS[status] ?? { message: `HTTP ${status}`, type: 'error', code: String(status) };
  return { error: { message: message ?? wording.message, type: type ?? wording.type, code: code ?? wording.code } };
}

export function sendError(
  res: ServerResponse,
  gateway: Gateway,
  status: number,
  message?: string,
  options: { type?: string; code?: string; headers?: Record<string, string> } = {},
): void {
  sendJson(res, status, errorBody(gateway, status, message, options.type, options.code), options.headers);
}

export function gatewayForPath(path: string): Gateway {
  return path.startsWith('/api/') ? 'helyx' : 'heytoken';
}
