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

/** What CI runs when MD_SEED is not set: the seed with which CI once found a real freeze bug. */
const CI_SEED = 1576940264;

/**
 * The seed for this run of the randomized tests: MD_SEED when set (to reproduce a failure); a
 * fixed one under CI, so a submission is judged on the same cases every time; a fresh one
 * otherwise, so local runs keep exploring (and `npm run fuzz:markdown` explores many at once).
 */
export function runSeed(): number {
  const fromEnv = Number(process.env.MD_SEED);
  if (process.env.MD_SEED && Number.isInteger(fromEnv)) return fromEnv;
  if (process.env.CI) return CI_SEED;
  return Math.floor(Math.random() * 2 ** 31);
}
