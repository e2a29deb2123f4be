/** Entry for `@spike-land/shared/node/enhance`: the local sharp-based image-enhancement engine. */
export * from "./enhance/index.ts";
