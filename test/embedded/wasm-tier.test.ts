/**
 * Which commands keep V8's optimising WebAssembly compiler (src/embedded/wasm-tier.ts): those that
 * replay a history on an embedded throw-away database. Every other command compiles PGlite once, with
 * the baseline compiler.
 */
import { describe, expect, it } from "vitest";
import { usesEmbeddedShadow } from "../../src/embedded/wasm-tier.js";

describe("the WebAssembly tier of a command", () => {
  it.each([
    ["check", { shadow: true }, true],
    ["revision", { autogenerate: true, shadow: true }, true],
    ["squash", {}, true],
    ["import-typeorm", {}, true],
    ["check", {}, false],
    ["check", { shadowUrl: "postgresql://x/y" }, false],
    ["squash", { shadowUrl: "postgresql://x/y" }, false],
    ["import-typeorm", { shadowUrl: "postgresql://x/y" }, false],
    ["upgrade", {}, false],
    ["current", {}, false],
    ["revision", { autogenerate: true }, false],
  ] as const)("%s %j replays on an embedded shadow: %s", (command, options, expected) => {
    expect(usesEmbeddedShadow(command, options)).toBe(expected);
  });
});
