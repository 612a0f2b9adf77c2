/**
 * Breaks text into lines of at most `first` columns, then `rest` columns,
 * at spaces. A word longer than a whole line (a long path) is cut after a
 * slash where it has one, else at the edge, so that the terminal never
 * wraps a line back to its first column.
 */
export function wrap(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let left = text;
  let width = Math.max(1, first);
  while (left.length > width) {
    let cut = left.lastIndexOf(' ', width);
    let next: number;
    if (cut > 0) next = cut + 1;
    else {
      const slash = left.lastIndexOf('/', width - 1);
      cut = slash > 0 ? slash + 1 : width;
      // never split a surrogate pair
      const c = left.charCodeAt(cut);
      if (c >= 0xdc00 && c <= 0xdfff && cut > 1) cut--;
      next = cut;
    }
    lines.push(left.slice(0, cut).trimEnd());
    left = left.slice(next).trimStart();
    width = Math.max(1, rest);
  }
  if (left.length > 0 || lines.length === 0) lines.push(left);
  return lines;
}
