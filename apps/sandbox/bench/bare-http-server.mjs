// The ceiling of the throughput bench: a bare node:http server that reads each request's body and
// answers a fixed OK envelope, with no checks and no state. Its requests/s is what the load generator
// and the kernel allow on this machine; the sandbox is reported as a share of it.
import { createServer } from "node:http";

const answer = Buffer.from(JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }));

createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": answer.length });
    response.end(answer);
  });
}).listen(Number(process.argv[2]), "127.0.0.1");
