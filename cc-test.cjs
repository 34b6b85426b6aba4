const fs = require("fs"), vm = require("vm"), Module = require("module"), path = require("path");
const dir = fs.readdirSync("/tmp/b500a/node_modules/.cache/retort").find((d) => d.startsWith("transpile-"));
const packsDir = `/tmp/b500a/node_modules/.cache/retort/${dir}/packs`;
const codes = [];
for (const f of fs.readdirSync(packsDir)) for (const c of Object.values(JSON.parse(fs.readFileSync(path.join(packsDir, f), "utf8")))) codes.push(c);
const mods = codes.slice(0, 500);
console.log("modules", mods.length, "bytes", mods.reduce((s, c) => s + c.length, 0));
// produce caches
const mode = process.argv[2];
const cacheFile = `/tmp/cc-${mode}.bin`;
const cached = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
const t = performance.now();
if (mode === "many") {
  const datas = cached ? JSON.parse(cached.toString()).map((b) => Buffer.from(b, "base64")) : [];
  const scripts = mods.map((c, i) => new vm.Script(Module.wrap(c), { filename: `/x/e${i}.js`, cachedData: datas[i] }));
  const el = performance.now() - t;
  const fns = scripts.map((s) => s.runInThisContext());
  console.log("many", el.toFixed(1), "rejected", scripts.filter((s) => s.cachedDataRejected).length);
  if (!cached) fs.writeFileSync(cacheFile, JSON.stringify(scripts.map((s) => s.createCachedData().toString("base64"))));
} else {
  const src = "[" + mods.map((c) => Module.wrap(c).replace(/;\s*$/, "")).join(",\n") + "]";
  const s = new vm.Script(src, { filename: "/x/all.js", cachedData: cached });
  const el = performance.now() - t;
  const fns = s.runInThisContext();
  console.log("one", el.toFixed(1), "rejected", s.cachedDataRejected, fns.length);
  if (!cached) fs.writeFileSync(cacheFile, s.createCachedData());
}
