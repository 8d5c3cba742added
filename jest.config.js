/** Two layers: unit (synth + terraform validate, no AWS) and e2e (apply into the moto emulator). */
const tsJest = ["ts-jest", { tsconfig: "test/tsconfig.json" }];
module.exports = {
  projects: [
    {
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      // The report test renders HTML in headless Chromium; this installs it when missing.
      globalSetup: "<rootDir>/test/setup/chromium.js",
      testPathIgnorePatterns: ["<rootDir>/test/e2e/"],
      transform: { "^.+\\.ts$": tsJest },
      testEnvironment: "node",
    },
    {
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      transform: { "^.+\\.ts$": tsJest },
      testEnvironment: "node",
    },
  ],
};
