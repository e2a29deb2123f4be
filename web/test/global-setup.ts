/**
 * Test run set-up: one PostgreSQL server for the run (the embedded one in a temporary folder, or
 * TEST_DATABASE_SERVER_URL), with a migrated template database that every test file copies.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDatabase, startCluster } from "../server/embedded-postgres.ts";
import { migrate } from "../server/database.ts";

export const TEMPLATE_DATABASE = "spike_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_SERVER_URL;
  const dir = external ? null : await mkdtemp(path.join(os.tmpdir(), "spike-test-pg-"));
  const cluster = dir ? await startCluster(dir, { durable: false }) : null;
  const serverUrl = external ?? cluster!.urlFor("postgres");
  await ensureDatabase(serverUrl, TEMPLATE_DATABASE);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await migrate(templateUrl.toString());
  project.provide("pgServerUrl", serverUrl);
  project.provide("templateDatabase", TEMPLATE_DATABASE);
  return async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
