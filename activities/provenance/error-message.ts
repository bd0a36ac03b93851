/**
 * The message of anything thrown, for the sentences the provenance activities put around a
 * library's failure (a thrown value is not always an `Error`).
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
