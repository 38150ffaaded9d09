// size-limit's esbuild bundle has no code splitting: an `import()` of a package is bundled inline, as if it
// were static, and the whole module is kept. So the first row marks the lazily loaded signer `ignore`,
// and the second counts all of it.
export default [
  {
    name: "createTimClient with a UserSig from a provider (no secret key)",
    path: "dist/index.js",
    import: "{ createTimClient }",
    // @timkit/usersig is reached only through `import()` when a secretKey is given; bundlers put it in a
    // chunk of its own. Measured 17.8 kB for nine commands: the request validators Ajv compiled from the
    // spec (6.3 kB, most of it sendmsg's body, a union of eight message elements), openapi-fetch (2.6 kB,
    // every call runs on it), the per-operation error catalogue, the operation and region tables, and the
    // client itself. A browser is not where this client belongs (the admin secret stays on a server), so
    // the budget guards against growth rather than aiming at a page's weight.
    ignore: ["@timkit/usersig"],
    limit: "18.5 kB",
  },
  {
    name: "everything, UserSig generation from secretKey included",
    path: "dist/index.js",
    import: "*",
    // Measured 23.15 kB: the row above plus all of @timkit/usersig (2.3 kB of it @noble/hashes' HMAC),
    // its verify and decode too, because size-limit does not tree-shake through import(). The server case.
    limit: "24 kB",
  },
];
