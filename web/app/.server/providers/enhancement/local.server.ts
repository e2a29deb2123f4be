/** The embedded enhancement provider: the local sharp engine from `@spike-land/shared/node/enhance`. */
import { enhance } from "@spike-land/shared/node/enhance";
import type { EnhancementProvider } from "./types.ts";

const LOCAL_MODEL = "local-sharp";

export function createLocalEnhancement(): EnhancementProvider {
  return {
    kind: "local",
    async enhance({ input, settings, blendSource, blendSourceName, onStage }) {
      const result = await enhance(input, settings, onStage, { blendSource, blendSourceName });
      const { output, width, height, sizeBytes } = result.output;
      return {
        analysis: result.analysis,
        wasCropped: result.wasCropped,
        crop: result.crop,
        prompt: result.prompt,
        output: { output, width, height, sizeBytes },
        model: LOCAL_MODEL,
      };
    },
  };
}
