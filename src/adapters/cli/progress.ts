/**
 * A one-line progress bar for terminals. When stderr is not a terminal (CI, pipes) it prints
 * nothing, so logs and test output stay readable.
 */
export class ProgressBar {
  private lastRender = 0;
  private visible = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 28,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(label: string, done: number, total: number | undefined): void {
    if (!this.enabled) return;
    const now = Date.now();
    // Redrawing on every file would dominate a fast ingest; ten frames a second is plenty.
    if (now - this.lastRender < 100 && (total === undefined || done < total)) return;
    this.lastRender = now;
    const columns = this.stream.columns ?? 80;
    let line: string;
    if (total !== undefined && total > 0) {
      const fraction = Math.min(1, done / total);
      const filled = Math.round(fraction * this.width);
      line = `[${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${label} ${done}/${total}`;
    } else {
      line = `${label} ${done}`;
    }
    this.stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length + 2))}`);
    this.visible = true;
  }

  clear(): void {
    if (!this.visible) return;
    this.stream.write(`\r${' '.repeat((this.stream.columns ?? 80) - 1)}\r`);
    this.visible = false;
  }
}
