#!/usr/bin/env node
// `prepack` of every published package. `npm pack` and `npm publish` copy package.json as it is, so a tarball they
// make keeps `"@llmcost/pricing": "workspace:*"` and cannot be installed outside this repository; `pnpm pack` and
// `pnpm publish` write the version instead (https://pnpm.io/workspaces#publishing-workspace-packages). So packing with
// anything but pnpm stops here. Releases: RELEASING.md.
import { basename } from 'node:path';

// npm_execpath is the package manager running this script (npm sets its own even when started from a pnpm script,
// whose npm_config_user_agent it would inherit).
const tool = basename(process.env.npm_execpath ?? '');
if (!/^pnpm(\.c?js)?$/.test(tool)) {
  console.error(
    `${process.env.npm_package_name ?? 'this package'}: pack and publish with pnpm ` +
      '(npx -y pnpm@10 run tarballs, or the release steps in RELEASING.md): ' +
      `${tool.replace(/(-cli)?\.c?js$/, '') || 'this tool'} would ship "workspace:*" dependency ranges`,
  );
  process.exit(1);
}
