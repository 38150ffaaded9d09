// size-limit's esbuild bundle has no code splitting: an `import()` of a package is bundled inline, as if it
// were static, and the whole module is kept. So the first row marks the lazily loaded signer `ignore`,
// and the second counts all of it.
export default [
  {
    name: "createTimClient with a UserSig from a provider (no secret key)",
    path: "dist/index.js",
    import: "{ createTimClient }",
    // @timkit/usersig is reached only through `import()` when a secretKey is given; bundlers put it in a
    // chunk of its own. Measured 12.13 kB: openapi-fetch (2.6 kB, every call runs on it), the request
    // validators Ajv compiled for five commands (1.9 kB), the per-operation error catalogue, the operation
    // and region tables, and the client itself.
    ignore: ["@timkit/usersig"],
    limit: "12.5 kB",
  },
  {
    name: "everything, UserSig generation from secretKey included",
    path: "dist/index.js",
    import: "*",
    // Measured 17.47 kB: the row above plus all of @timkit/usersig (2.3 kB of it @noble/hashes' HMAC),
    // its verify and decode too, because size-limit does not tree-shake through import(). The server case.
    limit: "18 kB",
  },
];
