// Lint rules for every package: TypeScript's recommended rules, plus a few that catch real mistakes,
// and the web app's layer boundaries (docs/architecture.md says which layer may import which).
import tseslint from "typescript-eslint";

const TESTS = ["**/*.test.ts", "**/*.test.tsx"];

/**
 * A boundary: files matching `files` may not import paths matching a `regex` (relative import
 * strings). Type-only imports cross boundaries freely: they vanish from the running code.
 */
function boundary(files, rules) {
  const patterns = rules.map(([regex, message]) => ({ regex, message, allowTypeImports: true }));
  return { files, ignores: TESTS, rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] } };
}

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/generated/**", "**/build/**", "**/dist/**", "**/release/**", "test-results/**", "playwright-report/**", ".data/**"],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
      eqeqeq: ["error", "smart"],
    },
  },
  // platform/: the foundation (database, env, crypto, queue, limits, paging, audit, error log).
  boundary(["web/app/.server/platform/**"], [
    ["^\\.\\./(?!\\.\\./generated/)", "platform/ is the bottom layer: it may import only platform/ and the generated Prisma client."],
  ]),
  // http/: request and response helpers, shared by every route; it knows no domain.
  boundary(["web/app/.server/http/**"], [
    ["^\\.\\./(?!platform/|\\.\\./lib/)", "http/ may import only platform/ and app/lib: services reach it through DomainError, not the other way round."],
  ]),
  // providers/: outside services behind interfaces; they never import a domain.
  boundary(["web/app/.server/providers/**"], [
    ["^\\.\\./\\.\\./(?!platform/|\\.\\./generated/)", "A provider may import only providers/ and platform/, never a domain service."],
  ]),
  // Routes stay thin: they call services, never the database, and never another route.
  boundary(["web/app/routes/**"], [
    ["platform/db\\.server", "Routes do not query the database: put the query in a service of its domain."],
    ["^\\./", "A route does not import another route: move what they share into components/<domain>/ or a service."],
  ]),
  // Components and browser helpers run in the browser too: no server modules.
  boundary(["web/app/components/**", "web/app/lib/**"], [["\\.server(/|\\.)", "Components run in the browser: pass data from the loader instead of importing server code."]]),
);
