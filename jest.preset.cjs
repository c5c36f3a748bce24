// One Jest preset for every workspace: TypeScript compiled by SWC to CommonJS,
// with decorator metadata (type-graphql and TypeORM read it at runtime; esbuild
// based transforms would silently drop it).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        // Dynamic import() must stay native so ESM-only packages load with Node's loader.
        module: { type: 'commonjs', ignoreDynamic: true },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  moduleNameMapper: {
    '^@nfc/shared$': '<rootDir>/../shared/src/index.ts',
  },
};
