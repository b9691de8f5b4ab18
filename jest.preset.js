/**
 * Shared Jest preset for every package (`preset: '../../jest.preset.js'`).
 *
 * - TypeScript runs through ts-jest in transpile-only mode (type errors are the
 *   `typecheck` target's job), compiled to CommonJS.
 * - Workspace packages resolve each other's TypeScript source through the
 *   `@org/source` export condition, so no build is needed before tests.
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
};
