// size-limit's esbuild bundle has no code splitting: an `import()` of a package is bundled inline, as if it
// were static, and the whole module is kept. So the first row marks the lazily loaded signer and Redis
// budget external, and the second counts all of both.
const lazyRedisBudget = {
  name: "lazy-redis-budget",
  setup(build) {
    build.onResolve({ filter: /^\.\/shared-budget\.js$/ }, () => ({ path: "shared-budget", external: true }));
  },
};

export default [
  {
    name: "createTimClient with a UserSig from a provider (no secret key)",
    path: "dist/index.js",
    import: "{ createTimClient }",
    // @timkit/usersig is reached only through `import()` when a secretKey is given; bundlers put it in a
    // chunk of its own. Measured 19.36 kB for nine commands: the request validators Ajv compiled from the
    // spec (6.3 kB, most of it sendmsg's body, a union of eight message elements), openapi-fetch (2.6 kB,
    // every call runs on it), the rate limiter every call goes through (1.4 kB), the per-operation error
    // catalogue, the operation and region tables, and the client itself. A browser is not where this
    // client belongs (the admin secret stays on a server), so the budget guards against growth.
    ignore: ["@timkit/usersig"],
    // The Redis budget (dist/shared-budget.js) is reached only through `import()` when rateLimit.redis is
    // given: the main chunk of a bundler that splits code does not hold it.
    modifyEsbuildConfig: (config) => ({
      ...config,
      plugins: [...(config.plugins ?? []), lazyRedisBudget],
    }),
    limit: "20 kB",
  },
  {
    name: "everything, UserSig generation from secretKey included",
    path: "dist/index.js",
    import: "*",
    // The row above plus all of @timkit/usersig (2.3 kB of it @noble/hashes' HMAC), its verify and decode
    // too, because size-limit does not tree-shake through import(), and the Redis budget (0.8 kB;
    // rate-limiter-flexible and ioredis themselves are Node-only and loaded by names no bundler follows).
    // The server case.
    limit: "26 kB",
  },
];
