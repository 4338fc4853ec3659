// One seeded PRNG for everything that must be random yet reproducible: the simulator's byte
// splits, the webview tests' stream cuts and the bench's generated answers.
/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for this run: MD_SEED when set (to reproduce a failure), otherwise a fresh one. */
