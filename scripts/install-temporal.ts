/**
 * `npm run temporal:install`: makes sure a Temporal CLI is available (PATH, the cache outside the
 * clone, or a `go install` build into that cache) and says which one will be used.
 */
import { locateTemporalCli } from './stack/temporal-dev-server';

const { binary, source } = await locateTemporalCli(process.env.TEMPORAL_CLI_PATH || undefined, (line) => console.log(`[temporal] ${line}`));
if (binary) {
  console.log(`[temporal] using the CLI from ${source}: ${binary}`);
} else {
  console.log('[temporal] no CLI found and Go is not installed: the Temporal SDK will download the CLI on first start (needs internet).');
}
