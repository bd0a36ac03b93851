/**
 * How large a protected-persons list may be when it is uploaded to the console (issue 11), and the
 * sentence for one that is larger. The limit is the file's size in bytes (UTF-8); 5 MiB holds a
 * Wikidata SPARQL result for every head of state and government with aliases in dozens of
 * languages several times over, and keeps one import a single short transaction.
 */
export const REGISTRY_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** The sentence for a file over the limit, saying what to do. */
export const REGISTRY_FILE_TOO_LARGE = `The file is larger than ${REGISTRY_FILE_MAX_BYTES / 1024 / 1024} MB; split it into smaller files and import them one after another.`;
