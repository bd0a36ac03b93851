/**
 * Import rules of Loupe's five rooms (docs/architecture.md, "Import rules"), checked by
 * dependency-cruiser in `npm run lint`. Every rule says why in its comment; a broken rule fails the
 * command with the rule's name, the importing file and the imported one.
 *
 *   policies/   decide    pure: no node built-ins, no package with I/O, nothing above it
 *   contracts/  (shared)  what workflows, activities and the app agree on: deterministic, no I/O
 *   db/         remember  nothing above it (policies/ and config/ only)
 *   activities/ do        policies/, db/, contracts/; never workflows/
 *   workflows/  order     contracts/ and policies/ only: deterministic code Temporal can replay
 *   app/        show      db/, policies/, contracts/; activities/ for types only; never workflows/
 *   scripts/    entry points: may import any room, but no room imports them
 *
 * Run: npx depcruise --config .dependency-cruiser.cjs --output-type err-long activities app config contracts db policies scripts workflows
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** Rooms whose code runs in production (npm start, the workers). */
const PRODUCTION = '^(activities|app|config|contracts|db|policies|workflows)/';
/**
 * Scripts used only while developing (benchmarks, demos, evaluations, data extraction, the face
 * calibration): they may use devDependencies and test fixtures. Every other script is an entry
 * point of the running system.
 */
const DEV_ONLY_SCRIPTS = '^scripts/(bench/|demo/|eval-data/|faces/|eval-policy\\.ts$|eval-semantic\\.ts$|screen/semantic-evaluation\\.ts$)';
/** Every kind of npm dependency dependency-cruiser distinguishes. */
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

module.exports = {
  forbidden: [
    // policies/: decide. Pure functions over data, so the app, the activities and the workflows can
    // all call them and get the same answer: nothing that reads files, the network or a process.
    {
      name: 'policies-no-node-builtins',
      comment: 'policies/ decide and do no I/O: a node built-in (fs, child_process, net, crypto...) belongs in activities/ or db/.',
      severity: 'error',
      from: { path: '^policies/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'policies-only-pure-packages',
      comment: 'policies/ may use only packages without I/O; today that is @noble/hashes (browser-safe SHA-256) and compromise (English NLP for named-person detection: pure JavaScript, its lexicon compiled in, no file, network or process access). Add a package here only after checking it does no I/O.',
      severity: 'error',
      from: { path: '^policies/' },
      to: { dependencyTypes: NPM, pathNot: '^node_modules/(@noble/hashes|compromise)/' },
    },
    {
      name: 'policies-import-nothing-above',
      comment: 'policies/ is the bottom room: it imports only other policies.',
      severity: 'error',
      from: { path: '^policies/' },
      to: { path: '^(activities|app|config|contracts|db|scripts|test|workflows)/' },
    },

    // contracts/: the neutral module workflows, activities and the app share. Workflows bundle it,
    // so it must be as deterministic as they are.
    {
      name: 'contracts-neutral',
      comment: 'contracts/ holds names, types, signals, updates and queries only: it may import contracts/, policies/ and @temporalio/workflow (for define*), nothing else.',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { pathNot: '^(contracts/|policies/|node_modules/@temporalio/workflow/)' },
    },

    // workflows/: order. Temporal replays workflow code from its history, so it must be
    // deterministic: no I/O, no database, no activity implementations.
    {
      name: 'workflows-not-to-db',
      comment: 'workflows/ never touch the database: an activity reads or writes it, and the workflow calls the activity.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^db/' },
    },
    {
      name: 'workflows-not-to-activities',
      comment: 'workflows/ proxy activities through the interfaces in contracts/ and never import activities/ (that would bundle I/O code into the workflow sandbox).',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/' },
    },
    {
      name: 'workflows-no-node-builtins',
      comment: 'workflows/ must be deterministic and replayable: no node built-ins (fs, crypto, timers...); use @temporalio/workflow APIs or an activity.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'workflows-only-workflow-packages',
      comment: 'workflows/ may use only @temporalio/workflow and @temporalio/common from npm: any other package may do I/O or be nondeterministic.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: NPM, pathNot: '^node_modules/@temporalio/(workflow|common)/' },
    },
    {
      name: 'workflows-not-to-app-config-scripts',
      comment: 'workflows/ import only contracts/, policies/ and other workflows.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(app|config|scripts)/' },
    },

    // activities/: do. Every side effect, called by workflows through contracts/.
    {
      name: 'activities-not-to-workflows',
      comment: 'activities/ never import workflows/: the types they share are in contracts/ (the Temporal samples\' common package).',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^workflows/' },
    },
    {
      name: 'activities-not-to-app-scripts',
      comment: 'activities/ import policies/, db/ and contracts/; the app and the entry points are above them.',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^(app|scripts)/' },
    },

    // db/: remember.
    {
      name: 'db-nothing-above',
      comment: 'db/ imports nothing above it (policies/ and config/ only): activities, workflows and the app call db/, never the reverse.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(activities|app|contracts|scripts|workflows)/' },
    },

    // config/: the validated environment.
    {
      name: 'config-nothing-above',
      comment: 'config/ validates the environment with its defaults from policies/; it imports no other room.',
      severity: 'error',
      from: { path: '^config/' },
      to: { path: '^(activities|app|contracts|db|scripts|workflows)/' },
    },

    // app/: show. It reads through db/ and commands through the Temporal client; it never writes
    // pipeline state or runs workflow code.
    {
      name: 'app-not-to-workflows',
      comment: 'app/ never imports workflows/: it names workflows, inputs, updates and queries through contracts/ (via app/services/workflow-client.server.ts).',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^workflows/' },
    },
    {
      name: 'app-activities-types-only',
      comment: 'app/ may import activities/ for types only: side effects of the pipeline run in activities, started through a workflow.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'app-not-to-scripts',
      comment: 'app/ does not import the entry points in scripts/.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^scripts/' },
    },

    // Across rooms.
    {
      name: 'production-not-to-test',
      comment: 'Code that runs in production (and the entry-point scripts) never imports test/; only tests and development scripts do.',
      severity: 'error',
      from: { path: `${PRODUCTION}|^scripts/`, pathNot: DEV_ONLY_SCRIPTS },
      to: { path: '^test/' },
    },
    {
      name: 'production-not-to-dev-dependencies',
      comment: 'Code that runs in production may not use a devDependency (an install without dev packages would break); move the package to dependencies.',
      severity: 'error',
      from: { path: `${PRODUCTION}|^scripts/`, pathNot: DEV_ONLY_SCRIPTS },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unlisted-package',
      comment: 'A package imported directly must be declared in package.json, not borrowed from another package\'s dependencies.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'The import names a file or package that does not exist.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other in a circle: one of them holds something the other should own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count, and are marked as such (app-activities-types-only relies on it).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '^(build|public/build|\\.data|\\.cache)/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      // Packages with an "exports" map (cookie, range-parser, nsfwjs/core...) resolve as Node resolves them.
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
