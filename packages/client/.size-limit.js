// Budgets of what a browser downloads, measured as esbuild bundles (minified, brotli), dependencies included.
export default [
  {
    name: "createTimClient in a browser app (UserSig from a provider)",
    path: "dist/index.js",
    import: "{ createTimClient }",
    // @timkit/usersig is reached only through `import()` when a secretKey is given; bundlers put it in a
    // chunk of its own that a browser app (which must never hold the secret key) does not load.
    ignore: ["@timkit/usersig"],
    // The aim was 8 kB; openapi-fetch (for tim.raw), the error catalogue, the validators and the tables
    // alone take about 5 kB (see the README's size section). The budget is today's 9.56 kB, rounded up.
    limit: "9.8 kB",
  },
  {
    name: "everything, UserSig generation from secretKey included",
    path: "dist/index.js",
    import: "*",
    limit: "12.4 kB",
  },
];
