/**
 * The template's image (src/embedded/template-image.ts): one file that a throw-away database reads
 * instead of the template's thousand, made on first use, ignored when it is not a whole image.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import {
  readTemplateImage,
  readTemplateImageAhead,
  TEMPLATE_IMAGE,
} from "../../src/embedded/template-image.js";

let template: string;
beforeEach(() => {
  template = mkdtempSync(path.join(tmpdir(), "retort-image-"));
  mkdirSync(path.join(template, "base/5"), { recursive: true });
  mkdirSync(path.join(template, "pg_wal/archive_status"), { recursive: true });
  writeFileSync(path.join(template, "PG_VERSION"), "18\n");
  writeFileSync(path.join(template, "base/5/1259"), Buffer.alloc(8192, 7));
  writeFileSync(path.join(template, "base/5/empty"), "");
});
afterEach(() => rmSync(template, { recursive: true, force: true }));

/** What the files say, in a comparable form. */
const asText = (files: Awaited<ReturnType<typeof readTemplateImage>>) => ({
  directories: files.directories,
  files: Object.fromEntries(
    files.files.map((file) => [file.name, Buffer.from(file.data).toString("base64")] as const),
  ),
});

const expected = () => ({
  directories: ["base", "base/5", "pg_wal", "pg_wal/archive_status"],
  files: {
    PG_VERSION: Buffer.from("18\n").toString("base64"),
    "base/5/1259": Buffer.alloc(8192, 7).toString("base64"),
    "base/5/empty": "",
  },
});

test("the first reading makes the image; a later one reads it, with the same files", async () => {
  expect(asText(await readTemplateImage(template))).toEqual(expected());
  expect(readdirSync(template)).toContain(TEMPLATE_IMAGE);
  // Only the image is read now: a file changed behind it does not show.
  writeFileSync(path.join(template, "PG_VERSION"), "99\n");
  expect(asText(await readTemplateImage(template))).toEqual(expected());
  // No partial file is left behind, and the image is not in itself.
  expect(readdirSync(template).filter((name) => name.startsWith(TEMPLATE_IMAGE))).toEqual([TEMPLATE_IMAGE]);
});

test("a truncated image, or a file of another kind, is not read: the files are, and the image made again", async () => {
  await readTemplateImage(template);
  const image = path.join(template, TEMPLATE_IMAGE);
  truncateSync(image, readFileSync(image).byteLength - 1);
  expect(asText(await readTemplateImage(template))).toEqual(expected());
  expect(asText(await readTemplateImage(template))).toEqual(expected());
  writeFileSync(image, "something else");
  expect(asText(await readTemplateImage(template))).toEqual(expected());
});

test("an image read ahead serves the next reading only: each database's file system keeps its bytes", async () => {
  await readTemplateImage(template);
  await readTemplateImageAhead(template);
  // Changed after the read ahead: the next reading is what was read then...
  rmSync(path.join(template, TEMPLATE_IMAGE));
  writeFileSync(path.join(template, "PG_VERSION"), "99\n");
  const ahead = await readTemplateImage(template);
  expect(asText(ahead)).toEqual(expected());
  // ...and the one after reads again (the files now: the image was removed), into bytes of its own.
  const again = await readTemplateImage(template);
  expect(asText(again).files.PG_VERSION).toBe(Buffer.from("99\n").toString("base64"));
  expect(again.files[0]!.data.buffer).not.toBe(ahead.files[0]!.data.buffer);
});
