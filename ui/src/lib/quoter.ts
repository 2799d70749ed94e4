// Debounced, latest-wins quoting: typing in a quote form asks the core once the typing pauses,
// and an older answer never overwrites a newer one. The previous figures stay on screen meanwhile.

export interface QuoteState<T> {
  /** The newest answer; kept while a new one is on its way, so nothing jumps. */
  readonly result: T | null;
  /** The newest failure, cleared by the next answer. */
  readonly error: unknown;
  /** True from the moment a change is scheduled until its answer arrives. */
  readonly busy: boolean;
}

export class Quoter<A, T> {
  private state: QuoteState<T> = { result: null, error: null, busy: false };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;
  private disposed = false;

  constructor(
    private readonly run: (args: A) => Promise<T>,
    private readonly onChange: (state: QuoteState<T>) => void,
    private readonly delayMs = 300,
  ) {}

  /** Asks for a quote after the pause (or at once); a later request replaces a pending one. */
  request(args: A, immediate = false): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.set({ ...this.state, busy: true });
    if (immediate) void this.fire(args);
    else this.timer = setTimeout(() => void this.fire(args), this.delayMs);
  }

  /** Drops a pending request (the inputs became invalid); the last figures stay. */
  cancel(): void {
    clearTimeout(this.timer);
    this.sequence++;
    this.set({ ...this.state, busy: false });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private async fire(args: A): Promise<void> {
    const mine = ++this.sequence;
    try {
      const result = await this.run(args);
      if (mine === this.sequence) this.set({ result, error: null, busy: false });
    } catch (error) {
      if (mine === this.sequence) this.set({ result: this.state.result, error, busy: false });
    }
  }

  private set(state: QuoteState<T>): void {
    this.state = state;
    if (!this.disposed) this.onChange(state);
  }
}
