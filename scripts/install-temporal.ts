/**
 * `npm run temporal:install`: makes sure a Temporal CLI is available (PATH, the cache outside the
 * clone, or a `go install` build into that cache) and says which one will be used.
 */
import { loadToolEnv } from '../config/env';
import { locateTemporalCli } from './stack/temporal-dev-server';

try {
  const { TEMPORAL_CLI_PATH } = loadToolEnv(['TEMPORAL_CLI_PATH']);
  const { binary, source } = await locateTemporalCli(TEMPORAL_CLI_PATH, (line) => console.log(`[temporal] ${line}`));
  if (binary) {
    console.log(`[temporal] using the CLI from ${source}: ${binary}`);
  } else {
    console.log('[temporal] no CLI found and Go is not installed: the Temporal SDK will download the CLI on first start (needs internet).');
  }
} catch (error) {
  // One sentence (a bad TEMPORAL_CLI_PATH, a failed build), not a stack trace.
  console.error(`[temporal] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
