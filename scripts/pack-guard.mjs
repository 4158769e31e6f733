#!/usr/bin/env node
// `prepack` of every published package. `npm pack` and `npm publish` copy package.json as it is, so a tarball they
// make keeps `"@llmcost/pricing": "workspace:*"` and cannot be installed outside this repository; `pnpm pack` and
// `pnpm publish` write the version instead (https://pnpm.io/workspaces#publishing-workspace-packages). So packing with
// anything but pnpm stops here. Releases: RELEASING.md.
const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  console.error(
    `${process.env.npm_package_name ?? 'this package'}: pack and publish with pnpm ` +
      '(npx -y pnpm@10 run tarballs, or the release steps in RELEASING.md): ' +
      `${agent.split(' ')[0] || 'this tool'} would ship "workspace:*" dependency ranges`,
  );
  process.exit(1);
}
