/**
 * Shared Jest preset for every package (`preset: '../../jest.preset.js'`).
 *
 * - TypeScript runs through ts-jest in transpile-only mode (type errors are the
 *   `typecheck` target's job), compiled to CommonJS.
 * - Workspace packages resolve each other's TypeScript source through the
 *   `@org/source` export condition, so no build is needed before tests.
 * - On CI (`CI` set, as `.ci/run` does) Jest exits when its tests are done even if a failed
 *   test left a reconnecting client behind: the failure is reported instead of a run that
 *   hangs until CI's time limit. Jest then prints "Force exiting Jest: Have you considered
 *   using `--detectOpenHandles`" after every suite, leak or not; to look for leaked handles,
 *   run a suite without `CI` (Jest warns when it does not exit within a second).
 */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@org/source', 'node', 'node-addons'] },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        isolatedModules: true,
        diagnostics: false,
        tsconfig: {
          module: 'commonjs',
          moduleResolution: 'node10',
          customConditions: null,
          target: 'ES2022',
          esModuleInterop: true,
          sourceMap: true,
          isolatedModules: true,
        },
      },
    ],
  },
  clearMocks: true,
  restoreMocks: true,
  testTimeout: 20000,
  forceExit: Boolean(process.env.CI),
};
