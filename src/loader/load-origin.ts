/**
 * Which file an error came from while modules were loading. Entity files import each other and helper
 * modules; when `src/lib/slug.ts` throws at import, the error reaches retort through
 * `src/entity/Post.ts`, and naming only the file retort asked for blames the wrong one. The loader runs
 * each module it compiles inside `loading(file, ...)`; the innermost one an error passes through is
 * where it happened, and the files outside it are the import chain that led there.
 */
import path from "node:path";
import { isProjectFile } from "./project-files.js";

const stack: string[] = [];
/** The chain (outermost first) each error was first seen in. */
const chains = new WeakMap<object, readonly string[]>();

/** Runs `load` (the compilation of `file`) as part of the current import chain. */
export function loading<T>(file: string, load: () => T): T {
  stack.push(file);
  try {
    return load();
  } catch (error) {
    if (typeof error === "object" && error !== null && !chains.has(error)) chains.set(error, [...stack]);
    throw error;
  } finally {
    stack.pop();
  }
}

/**
 * `Could not load <where it happened> (imported by <importer> ← <its importer>): <message>`. Where
 * the error happened is the innermost module the loader compiled, or, deeper still, the JavaScript file
 * Node was loading (Node lists it in `requireStack` for a module it could not find, and the first frame
 * of the stack names a file that threw).
 */
export function loadFailure(requested: string, error: unknown): string {
  const chain = [...(typeof error === "object" && error !== null ? (chains.get(error) ?? []) : [])];
  if (chain.length === 0) chain.push(path.resolve(requested));
  const deeper = javascriptOrigin(error);
  if (deeper && deeper !== chain[chain.length - 1]) chain.push(deeper);
  const [origin, ...importers] = chain.reverse().map(shown);
  const message = ((error as Error)?.message ?? String(error)).split("\n")[0];
  return `Could not load ${origin}${importers.length > 0 ? ` (imported by ${importers.join(" ← ")})` : ""}: ${message}`;
}

/** A project file (not a package, not Node's or retort's own) that Node was running or requiring. */
function javascriptOrigin(error: unknown): string | undefined {
  const requireStack = (error as { requireStack?: unknown })?.requireStack;
  if (Array.isArray(requireStack) && typeof requireStack[0] === "string" && isProjectFile(requireStack[0])) {
    return requireStack[0];
  }
  const stackText = (error as Error)?.stack;
  if (typeof stackText !== "string") return undefined;
  const frame = /\n\s+at (?:.*? \()?(\/[^():]+|[A-Za-z]:\\[^():]+):\d+:\d+\)?/.exec(stackText);
  return frame?.[1] && isProjectFile(frame[1]) ? frame[1] : undefined;
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
}
