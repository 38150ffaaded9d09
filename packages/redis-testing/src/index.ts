import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, createServer } from "node:net";

/** Where Debian's `redis-server` package puts the server; override with TIMKIT_REDIS_SERVER. */
export const redisServerPath = process.env.TIMKIT_REDIS_SERVER ?? "/usr/bin/redis-server";

/** A redis-server this process started, listening on loopback only, keeping nothing on disk. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and waits until it is gone. */
  stop(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing answers, as with a hung server. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
}

const running = new Set<ChildProcess>();
// A test that crashes must not leave a server behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.setTimeout(500, () => socket.destroy());
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("close", () => resolve(false));
  });
}

/**
 * Starts `redis-server` on a free loopback port (or `port`) with no persistence, and waits until it
 * answers PING. Fails with an install hint, never skips: a Redis test that silently does not run proves
 * nothing.
 *
 * @example
 * const redis = await startRedisServer();
 * try { await useIt(redis.url); } finally { await redis.stop(); }
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  if (!existsSync(redisServerPath)) {
    throw new Error(
      `redis-server not found at ${redisServerPath}: install it with \`apt-get install -y redis-server\` or set TIMKIT_REDIS_SERVER`,
    );
  }
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(redisServerPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(child));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port}: ${stderr.trim() || "no answer"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
  };
}
