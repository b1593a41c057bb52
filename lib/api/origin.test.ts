// Cadre's own origins: a loopback public URL brings the other loopback names for the same scheme and port, nothing
// else does; a change from elsewhere is refused with the address to use.

import assert from "node:assert/strict";
import test from "node:test";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, ownOrigins } from "./origin";

test("a public URL on a loopback name is also taken at the other loopback names, same scheme and port", () => {
  assert.deepEqual([...ownOrigins("http://localhost:3000")].sort(), [
    "http://127.0.0.1:3000",
    "http://[::1]:3000",
    "http://localhost:3000",
  ]);
  assert.deepEqual([...ownOrigins("http://127.0.0.1:8080/")].sort(), [
    "http://127.0.0.1:8080",
    "http://[::1]:8080",
    "http://localhost:8080",
  ]);
  assert.ok(!ownOrigins("http://localhost:3000").has("http://localhost:3001"), "another port is another origin");
  assert.ok(!ownOrigins("http://localhost:3000").has("https://localhost:3000"), "another scheme is another origin");
  assert.ok(!ownOrigins("http://localhost:3000").has("http://127.0.0.2:3000"), "only the usual loopback names");
});

test("a public URL on any other name gives no aliases; trusted origins are kept as they are", () => {
  assert.deepEqual(
    [...ownOrigins("https://cadre.example.com", ["https://ops.example.com"])],
    ["https://cadre.example.com", "https://ops.example.com"],
  );
  assert.ok(
    ownOrigins("https://cadre.example.com", ["http://localhost:4000"]).has("http://127.0.0.1:4000"),
    "a loopback trusted origin has its aliases",
  );
  assert.ok(!ownOrigins("https://cadre.example.com").has("http://localhost:443"));
});

test("a change from another address is refused, and the refusal says where Cadre is", () => {
  const allowed = ownOrigins("http://localhost:3000");
  const from = (origin: string) =>
    new Request("http://localhost:3000/api/auth/sign-in/email", { method: "POST", headers: { origin } });
  assert.doesNotThrow(() =>
    assertSameOrigin(from("http://127.0.0.1:3000"), allowed, { home: "http://localhost:3000" }),
  );
  assert.throws(
    () => assertSameOrigin(from("http://192.168.1.20:3000"), allowed, { home: "http://localhost:3000" }),
    (err) =>
      err instanceof AppError &&
      err.status === 403 &&
      /192\.168\.1\.20:3000 is not one of them: open Cadre at http:\/\/localhost:3000/.test(err.message),
  );
});
