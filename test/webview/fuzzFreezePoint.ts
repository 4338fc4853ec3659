import { seededRandom } from '../support/seededRandom';
import { firstWrongFreeze, trickyDocument } from './freezeOracle';

/*
 * `npm run fuzz:markdown [-- seeds [first]]`: runs the freeze rule's randomized test for many
 * seeds (1500 documents each) and prints each failing seed with its document; MD_SEED=<seed>
 * then reproduces one in `npm run test:webview`. Exits 1 when any seed fails.
 */
const seeds = Number(process.argv[2] ?? 200);
const first = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
let failed = 0;
const started = Date.now();
for (let seed = first; seed < first + seeds; seed++) {
  const random = seededRandom(seed);
  for (let n = 0; n < 1500; n++) {
    const doc = trickyDocument(random);
    const wrong = firstWrongFreeze(doc);
    if (wrong) {
      failed++;
      console.log(`seed ${seed}: ${wrong}\n  document ${JSON.stringify(doc)}`);
      break;
    }
  }
}
console.log(`fuzz:markdown: seeds ${first}..${first + seeds - 1}: ${seeds - failed} held, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = failed ? 1 : 0;
