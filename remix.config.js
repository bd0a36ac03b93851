/**
 * Remix v2, classic compiler, ESM server build. Packages in node_modules stay external (not
 * bundled), which keeps @temporalio/*, pg, argon2 and c2pa's native code out of the server bundle.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  appDirectory: 'app',
  assetsBuildDirectory: 'public/build',
  publicPath: '/build/',
  serverBuildPath: 'build/index.js',
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // Files that live in app/ for the server process but are not Remix routes.
  ignoredRouteFiles: ['**/.*', '**/*.test.*'],
  watchPaths: ['db/**/*', 'policies/**/*', 'workflows/contracts.ts'],
};
