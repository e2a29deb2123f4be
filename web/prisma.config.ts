/** Prisma CLI configuration: schema and migrations live in the top-level prisma/ folder. */
import path from "node:path";
import { defineConfig } from "prisma/config";
import { MigrationAdapterFactory, letCliExitWhenIdle } from "./prisma-cli-adapter.ts";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@localhost:5432/postgres";
process.env.DATABASE_URL = url;
letCliExitWhenIdle();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "../prisma/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "../prisma/migrations") },
  adapter: async () => new MigrationAdapterFactory(url),
});
