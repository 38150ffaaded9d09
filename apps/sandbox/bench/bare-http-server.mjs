// The ceiling of the throughput bench: a bare node:http server that reads each request's body and
// answers, for each command's path, the bytes the sandbox answered it once (given in a JSON file), with
// no checks and no state. Its requests/s is what the load generator and the kernel allow on this
// machine for answers of those sizes; the sandbox is reported as a share of it.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [port, answersFile] = process.argv.slice(2);
const answers = new Map(
  Object.entries(JSON.parse(readFileSync(answersFile, "utf8"))).map(([path, text]) => [
    path,
    Buffer.from(text),
  ]),
);
const fallback = Buffer.from(JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }));

createServer((request, response) => {
  const answer = answers.get(request.url.split("?")[0]) ?? fallback;
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": answer.length });
    response.end(answer);
  });
}).listen(Number(port), "127.0.0.1");
