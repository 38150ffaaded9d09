// What `pnpm pack` and `pnpm publish` put in a published package.json: no devDependencies (they name
// private workspace packages such as @timkit/spec, which no user can install) and no scripts (they run
// this repository's tools on files the tarball does not have).
module.exports = {
  hooks: {
    beforePacking(manifest) {
      delete manifest.devDependencies;
      delete manifest.scripts;
      return manifest;
    },
  },
};
