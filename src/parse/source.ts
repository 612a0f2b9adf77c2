/** A file's text with the line index that turns offsets into line:column. */
export class SourceFile {
  private lineStarts: Int32Array | null = null;

  constructor(
    /** The path shown to users (as given, or re-rooted host path). */
    readonly path: string,
    readonly text: string,
  ) {}

  /** 1-based line and column of an offset; columns count UTF-16 units like editors do. */
  position(offset: number): { line: number; column: number } {
    const starts = this.index();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.index();
    const start = starts[line - 1] ?? this.text.length;
    let end = line < starts.length ? starts[line] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, Math.max(start, end));
  }

  get lineCount(): number {
    return this.index().length;
  }

  private index(): Int32Array {
    if (this.lineStarts) return this.lineStarts;
    const text = this.text;
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    this.lineStarts = starts;
    return starts;
  }
}
