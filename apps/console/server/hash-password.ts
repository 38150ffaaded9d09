#!/usr/bin/env node
import { createInterface } from "node:readline/promises";
import { hashStaffPassword } from "./staff-password.js";

// Reads the password from stdin (so it stays out of the shell's history) and prints the hash for
// TIMKIT_CONSOLE_STAFF_PASSWORD_HASH.
const lines = createInterface({ input: process.stdin, terminal: false });
if (process.stdin.isTTY) process.stderr.write("Staff password: ");
for await (const line of lines) {
  if (line.length < 12) {
    process.stderr.write("The staff password must be at least 12 characters.\n");
    process.exit(1);
  }
  process.stdout.write(`${await hashStaffPassword(line)}\n`);
  break;
}
lines.close();
