/**
 * Every way a host name can fail to resolve reads the same to the user (issue 21): a sandbox with no
 * resolver gives EAI_AGAIN where a laptop gives ENOTFOUND. The CLI case is in bad-input-cases.ts; this
 * covers the codes a test machine cannot produce on demand.
 */
import { expect, test } from "vitest";
import { connectFailureReason } from "../../src/db/connect-failure.js";

function lookupError(code: string, hostname?: string): Error {
  return Object.assign(new Error(`getaddrinfo ${code} db.example.invalid`), {
    code,
    syscall: "getaddrinfo",
    ...(hostname ? { hostname } : {}),
  });
}

test.each(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL"])(
  "%s: could not resolve host",
  (code) => {
    expect(connectFailureReason(lookupError(code, "db.example.invalid"))).toBe(
      `could not resolve host db.example.invalid (${code})`,
    );
  },
);

test("the host is read from Node's message when the error has no hostname field", () => {
  expect(connectFailureReason(lookupError("EAI_AGAIN"))).toBe(
    "could not resolve host db.example.invalid (EAI_AGAIN)",
  );
});

test("other failures keep the driver's message, or its code when the message is empty", () => {
  expect(connectFailureReason(new Error('password authentication failed for user "app"'))).toBe(
    'password authentication failed for user "app"',
  );
  expect(connectFailureReason(Object.assign(new Error(""), { code: "ECONNRESET" }))).toBe("ECONNRESET");
});
