export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Cut points into a text of `length`, with piece sizes drawn up to `maxPiece`. */
export function randomCuts(random: () => number, length: number, maxPiece: number): number[] {
  const cuts: number[] = [];
  for (let at = 0; at < length;) {
    at += 1 + Math.floor(random() * maxPiece);
    if (at < length) cuts.push(at);
  }
  return cuts;
}
