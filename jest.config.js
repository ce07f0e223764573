/**
 * Jest, three projects run by one command (`npm test`):
 *  - unit:        everything under test/ except the two below; @swc/jest, node or jsdom per file.
 *  - browser:     test/e2e, the production build driven in Debian Chromium by playwright-core.
 *  - libreoffice: test/libreoffice, workbooks recalculated headless by LibreOffice.
 */
const transform = {
  "^.+\\.(t|j)sx?$": [
    "@swc/jest",
    {
      jsc: {
        parser: { syntax: "typescript", tsx: true },
        transform: { react: { runtime: "automatic" } },
        target: "es2020",
      },
      module: { type: "commonjs" },
    },
  ],
};
const shared = {
  testEnvironment: "node",
  transform,
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: "unit",
      roots: ["<rootDir>/test"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/", "<rootDir>/test/libreoffice/"],
    },
    { ...shared, displayName: "browser", roots: ["<rootDir>/test/e2e"] },
    { ...shared, displayName: "libreoffice", roots: ["<rootDir>/test/libreoffice"] },
  ],
};
