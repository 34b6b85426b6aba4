/**
 * Gives a test project the PGlite template the global setup prepared, so its first embedded command
 * copies it (a fraction of a second) instead of running initdb (several seconds).
 */
import { cpSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

export function seedEmbeddedTemplate(projectDir: string, retortDir = path.join(projectDir, ".retort")): void {
  const template = inject("embeddedTemplateDir");
  cpSync(template, path.join(retortDir, path.basename(template)), { recursive: true });
}
