// Tool calls waiting for the user's Approve or Deny, by call id, with what each would do (an
// edit's proposal, for Open Diff). A stop resolves every wait as denied, so nothing hangs.
export class PendingApprovals {
  private readonly waiting = new Map<string, { resolve: (approved: boolean) => void; payload: unknown }>();

  wait(callId: string, payload: unknown, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => void this.answer(callId, false);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(callId, {
        payload,
        resolve: (approved) => {
          signal.removeEventListener('abort', onAbort);
          resolve(approved);
        },
      });
    });
  }

  /** False when no call with this id waits (already answered, or from another task). */
  answer(callId: string, approved: boolean): boolean {
    const entry = this.waiting.get(callId);
    if (!entry) return false;
    this.waiting.delete(callId);
    entry.resolve(approved);
    return true;
  }

  payload(callId: string): unknown {
    return this.waiting.get(callId)?.payload;
  }

  get size(): number {
    return this.waiting.size;
  }
}
