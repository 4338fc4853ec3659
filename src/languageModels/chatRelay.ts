// Follows one gateway chat stream: text goes to the caller as it arrives, and what billing needs
// (usage, the gateway's charge, the text so far) is kept even when the stream fails or is cancelled.
import type { Billing, ChatEvent, Usage } from '../gateway/types';

export class ChatRelay {
  text = '';
  usage: Usage | undefined;
  billing: Billing | undefined;
  finishReason: string | undefined;

  constructor(private readonly onText: (text: string) => void) {}

  get cancelled(): boolean {
    return this.finishReason === 'cancelled';
  }

  /** Consumes the stream; a failure propagates after everything that arrived was taken in. */
  async run(events: AsyncIterable<ChatEvent>): Promise<void> {
    for await (const event of events) this.accept(event);
  }

  accept(event: ChatEvent): void {
    switch (event.type) {
      case 'text':
        if (!event.text) return;
        this.text += event.text;
        this.onText(event.text);
        return;
      case 'usage':
        this.usage = event.usage;
        return;
      case 'billing':
        this.billing = { ...this.billing, ...event.billing };
        return;
      case 'finish':
        this.finishReason = event.reason;
        return;
      case 'reasoning':
        // VS Code's stable API has no part for a model's reasoning; the answer is what callers get.
        return;
    }
  }
}
