/**
 * Collects streamed text and flushes it at most once per interval, so a fast gateway sending
 * thousands of tiny chunks costs the webview one message per frame rather than one per chunk.
 */
export class DeltaCoalescer {
  private text = '';
  private reasoning = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flushTo: (text: string, reasoning: string) => void,
    private readonly intervalMs = 16,
  ) {}

  pushText(delta: string): void {
    this.text += delta;
    this.schedule();
  }

  pushReasoning(delta: string): void {
    this.reasoning += delta;
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends whatever is pending now; called before any status change so order is kept. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.text && !this.reasoning) return;
    const text = this.text;
    const reasoning = this.reasoning;
    this.text = '';
    this.reasoning = '';
    this.flushTo(text, reasoning);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
