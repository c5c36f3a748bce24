/** Browser tests: the real product (`scripts/start.mjs`) driven in Debian's Chromium. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'web',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60000,
  // One browser, one stack: the files share them, so they run one after another.
  maxWorkers: 1,
};
