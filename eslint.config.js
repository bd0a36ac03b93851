// @ts-check
/**
 * ESLint (flat config) for Loupe: ESLint's and typescript-eslint's recommended rules over every
 * TypeScript and JavaScript file we write, with the few settings below. Which folder may import
 * which is not checked here but by dependency-cruiser (.dependency-cruiser.cjs); `npm run lint`
 * runs both. See docs/architecture.md, "Import rules".
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The Node.js globals our plain JavaScript files use (TypeScript files get theirs from @types/node,
 * and typescript-eslint turns no-undef off for them). Listed here rather than taken from the
 * `globals` package, which Loupe does not depend on.
 */
const NODE_GLOBALS = /** @type {const} */ ({
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  module: 'readonly',
  require: 'readonly',
  __dirname: 'readonly',
});

export default tseslint.config(
  {
    // Generated, installed or downloaded files, and the in-repo stand-in package for cbor-extract.
    ignores: ['node_modules/', 'build/', 'public/build/', '.data/', '.cache/', 'coverage/', 'test-results/', 'scripts/npm-stubs/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a value kept on purpose (a parameter an interface requires, a
      // field left out of a rest object), the TypeScript convention; rest siblings omit fields by design.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
      // Module augmentation (`interface AppLoadContext extends AppContext {}`) is how Remix types its
      // load context; an interface that only extends one other is allowed for that.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // Type-aware promise rules where an unhandled promise does real harm: in a workflow an activity
    // call or condition that is not awaited reorders or drops steps without a replay error, and in an
    // activity a promise left floating outlives its transaction or heartbeat. Limited to these rooms
    // because type information costs a TypeScript program per run (~15 s here; all rooms ~90 s).
    files: ['workflows/**/*.ts', 'activities/**/*.ts', 'contracts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: NODE_GLOBALS },
  },
);
