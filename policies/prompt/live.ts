/**
 * The live policy, and screening with database registries compiled in.
 *
 * Compiled policies are memoised (by registries object identity, then by content hash) because the
 * pipeline screens every prompt with the same registries until they change; compiling is a few
 * milliseconds, screening a few microseconds. Memoisation is not I/O: results are identical.
 */
import { contentHash } from '../content-hash.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { LIVE_RULE_SET } from './rules/index.js';
import { screenWithPolicy } from './screen.js';
import type { PolicyRegistries, ScreenContext, ScreenResult } from './types.js';

export const LIVE_POLICY: CompiledPolicy = compilePolicy(LIVE_RULE_SET);

/** How many registry versions to keep compiled (a new one appears when an opt-out is approved). */
const CACHE_SIZE = 8;
const byIdentity = new WeakMap<PolicyRegistries, CompiledPolicy>();
const byContent = new Map<string, CompiledPolicy>();

/** The live rule set compiled with these registries (memoised; treat a registries object as immutable once passed). */
export function livePolicyWith(registries: PolicyRegistries): CompiledPolicy {
  const known = byIdentity.get(registries);
  if (known) return known;
  const key = contentHash(registries);
  let policy = byContent.get(key);
  if (policy) {
    byContent.delete(key); // re-insert below: Map order is the LRU order
  } else {
    policy = compilePolicy(LIVE_RULE_SET, registries);
  }
  byContent.set(key, policy);
  while (byContent.size > CACHE_SIZE) byContent.delete(byContent.keys().next().value!);
  byIdentity.set(registries, policy);
  return policy;
}

/** Screens a prompt with the live policy (and `context.registries`, when given). */
export function screenPrompt(text: string, context: ScreenContext = {}): ScreenResult {
  const policy = context.registries ? livePolicyWith(context.registries) : LIVE_POLICY;
  return screenWithPolicy(policy, text, context);
}
