#!/usr/bin/env node
// `npx -y pnpm@10 changeset [command]`: changesets 3 declares Node ^22.11 || >=24 (it calls
// module.enableCompileCache); on an older node it runs on the Node 24 build that test/package.json installs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from '../test/ci-matrix.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
const node = major >= 24 || (major === 22 && minor >= 11) ? process.execPath : nodeBinary(24);
const bin = fileURLToPath(new URL('../node_modules/@changesets/cli/bin.js', import.meta.url));
const r = spawnSync(node, [bin, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
