import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, createServer } from "node:net";

/** Where Debian's `redis-server` package puts the server; override with TIMKIT_REDIS_SERVER. */
export const redisServerPath = process.env.TIMKIT_REDIS_SERVER ?? "/usr/bin/redis-server";

/** A redis-server this process started, listening on loopback only, keeping nothing on disk. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and waits until it is gone; safe to call twice. */
  stop(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing answers, as with a hung server. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
}

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
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.once("error", () => resolve(false));
    socket.once("close", () => resolve(false));
  });
}

/**
 * Starts `redis-server` on a free loopback port (or `port`) with no persistence, and waits until it
 * answers PING (`-NOAUTH` counts, for a server started with `--requirepass`). Fails with an install hint,
 * never skips: a Redis test that silently does not run proves nothing.
 *
 * @example
 * const redis = await startRedisServer();
 * try { await useIt(redis.url); } finally { await redis.stop(); }
 */
export async function startRedisServer(
  options: {
    port?: number /** More redis-server arguments, e.g. `["--requirepass", "…"]`. */;
    args?: string[];
  } = {},
): Promise<RedisServer> {
  if (!existsSync(redisServerPath)) {
    throw new Error(
      `redis-server not found at ${redisServerPath}: install it with \`apt-get install -y redis-server\` or set TIMKIT_REDIS_SERVER`,
    );
  }
  const port = options.port ?? (await freePort());
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    ...(options.args ?? []),
  ];
  // A shell holds the server and stops it when its stdin closes: when `stop()` closes it, and when this
  // process ends in any way (a crashed or killed test runner included), so no server is left behind.
  const watchdog = `"$0" "$@" & echo $!; trap 'kill $! 2>/dev/null; wait' EXIT; read _`;
  const child = spawn("sh", ["-c", watchdog, redisServerPath, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = await new Promise<number>((resolve) => {
    child.stdout.once("data", (chunk) => resolve(Number.parseInt(String(chunk), 10)));
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    signal("SIGCONT");
    child.stdin.end();
    const timer = setTimeout(() => signal("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}: ${stderr.trim() || "no answer"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    stop,
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
  };
}
