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
  watchPaths: ['db/**/*', 'policies/**/*', 'contracts/**/*'],
  // React Router v7 behaviour, opted into now so the upgrade is a non-event. Single fetch is left
  // off: it changes how loader data is serialised, which deserves its own change.
  future: {
    v3_fetcherPersist: true,
    v3_lazyRouteDiscovery: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
  },
};
