/** Four suites, one runner: `npm test` runs them all; `--selectProjects` picks some. */
const typescript = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...typescript, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...typescript, displayName: 'generator', testMatch: ['<rootDir>/test/generator/**/*.test.ts'] },
    { ...typescript, displayName: 'cli', testMatch: ['<rootDir>/test/cli/**/*.test.ts'] },
    { ...typescript, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
