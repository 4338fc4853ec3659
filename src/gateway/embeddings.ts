// `POST /embeddings` over the shared request core: vectors in the order of the inputs.
import { usageFrom } from './chatChunks';
import { protocolError } from './errors';
import { isObj, type Json, type RequestCore } from './requestCore';
import type { EmbedRequest, EmbedResult } from './types';

export async function embed(core: RequestCore, req: EmbedRequest): Promise<EmbedResult> {
  const answer = await core.call('POST', '/embeddings', req.model, req.signal, (signal) =>
    core.sdk.embeddings.create({ model: req.model, input: req.input, encoding_format: 'float' }, { signal }),
  );
  const raw = answer as unknown as Json;
  const data = (Array.isArray(raw.data) ? raw.data : []).filter(isObj);
  // Gateways may answer out of order; `index` says which input each vector belongs to.
  data.sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
  const embeddings = data.map((d) => (Array.isArray(d.embedding) ? d.embedding.map(Number) : []));
  if (embeddings.length === 0) throw protocolError('the answer contained no embeddings', core.urlFor('/embeddings'));
  const usage = usageFrom(raw.usage);
  const billing = core.billingOf(raw);
  return { embeddings, ...(usage ? { usage } : {}), ...(billing ? { billing } : {}) };
}
