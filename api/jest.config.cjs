/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'api',
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
  moduleNameMapper: {
    '^@nfc/shared$': '<rootDir>/../shared/src/index.ts',
    '^@nfc/migrations$': '<rootDir>/../migrations/index.ts',
  },
};
