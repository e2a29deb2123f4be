/** The committed migrations must produce exactly the schema in prisma/schema.prisma. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { WEB_DIR } from "../server/config.ts";

it("has migrations that match schema.prisma", () => {
  const result = spawnSync(
    path.join(WEB_DIR, "node_modules", ".bin", "prisma"),
    ["migrate", "diff", "--from-migrations", "../prisma/migrations", "--to-schema-datamodel", "../prisma/schema.prisma", "--exit-code"],
    { cwd: WEB_DIR, env: process.env, encoding: "utf8" },
  );
  // Exit code 0 means no difference; 2 means the schema changed without a migration.
  expect(result.stdout + result.stderr).toContain("No difference detected");
  expect(result.status).toBe(0);
}, 60_000);
