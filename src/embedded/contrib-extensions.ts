/**
 * The contrib modules a TypeORM application may ask for, registered with every PGlite instance so that
 * PostgreSQL finds them when asked, and paid for only when used.
 *
 * PGlite ships only plpgsql built in. A contrib module must be registered when the instance starts for
 * `CREATE EXTENSION` to find it, and every instance registers the same set so that a data directory
 * whose schema uses an extension always reopens. The set: uuid-ossp (TypeORM's
 * `@PrimaryGeneratedColumn("uuid")` defaults to `uuid_generate_v4()`), pgcrypto, citext, hstore and
 * ltree (TypeORM column types), btree_gist and btree_gin (exclusion constraints and mixed GiST/GIN
 * indexes), pg_trgm (trigram indexes).
 *
 * Registered as PGlite exports them (a bundle path each), every start unpacks each bundle and loads and
 * links its library into PostgreSQL, used or not: for these eight about a third of a start (pgcrypto's
 * library alone is 3 MB of WebAssembly). So each registration here only writes its bundle's files into
 * PGlite's in-memory file system before PostgreSQL starts, where they are what an installation's
 * `share/extension` and `lib` directories hold: `CREATE EXTENSION` reads the control and script files,
 * and the first call of one of the library's functions loads the library through PostgreSQL's own
 * `dlopen`, which PGlite's runtime answers from that file system.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Extension } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { hstore } from "@electric-sql/pglite/contrib/hstore";
import { ltree } from "@electric-sql/pglite/contrib/ltree";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { tarEntries } from "./tar-entries.js";

const CONTRIB = { uuid_ossp, pgcrypto, citext, hstore, ltree, btree_gist, btree_gin, pg_trgm };

export const CONTRIB_EXTENSIONS: Record<keyof typeof CONTRIB, Extension> = {
  uuid_ossp: loadedOnUse(uuid_ossp),
  pgcrypto: loadedOnUse(pgcrypto),
  citext: loadedOnUse(citext),
  hstore: loadedOnUse(hstore),
  ltree: loadedOnUse(ltree),
  btree_gist: loadedOnUse(btree_gist),
  btree_gin: loadedOnUse(btree_gin),
  pg_trgm: loadedOnUse(pg_trgm),
};

/** The part of PGlite's Emscripten module a `preRun` step here uses. */
interface PGliteModule {
  /** Where PGlite's PostgreSQL is installed in its file system (`/pglite`). */
  readonly WASM_PREFIX: string;
  readonly FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
  };
}

/** `extension` with its bundle unpacked into the file system instead of preloaded. */
function loadedOnUse(extension: Extension): Extension {
  return {
    name: extension.name,
    async setup(pg, emscriptenOpts, clientOnly) {
      const { bundlePath, ...rest } = await extension.setup(pg, emscriptenOpts, clientOnly);
      if (bundlePath === undefined) return rest;
      const base = rest.emscriptenOpts ?? emscriptenOpts;
      const install = (module: PGliteModule) => writeBundle(module, bundlePath);
      return { ...rest, emscriptenOpts: { ...base, preRun: [...(base.preRun ?? []), install] } };
    },
  };
}

function writeBundle(module: PGliteModule, bundle: URL): void {
  for (const entry of tarEntries(gunzipSync(readFileSync(fileURLToPath(bundle))))) {
    const target = `${module.WASM_PREFIX}/${entry.name}`.replace(/\/$/, "");
    if (entry.kind === "directory") {
      module.FS.mkdirTree(target);
    } else if (!entry.name.split("/").pop()?.startsWith(".")) {
      module.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
      module.FS.writeFile(target, entry.data);
    }
  }
}
