// Budgets of what a browser downloads, measured as esbuild bundles (minified, brotli), dependencies included.
export default [
  {
    name: "createTimClient in a browser app (UserSig from a provider)",
    path: "dist/index.js",
    import: "{ createTimClient }",
    // @timkit/usersig is reached only through `import()` when a secretKey is given; bundlers put it in a
    // chunk of its own that a browser app (which must never hold the secret key) does not load.
    ignore: ["@timkit/usersig"],
    // The aim was 8 kB; openapi-fetch, the error catalogue and the compiled validators alone take 5 kB
    // (see the README's size section), so the budget holds today's size with a little headroom.
    limit: "10.5 kB",
  },
  {
    name: "everything, UserSig generation from secretKey included",
    path: "dist/index.js",
    import: "*",
    limit: "13 kB",
  },
];
