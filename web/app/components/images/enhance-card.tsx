/**
 * The Enhance form of an image page: a tier (with its cost and output size), a pipeline and an
 * optional photo to blend with. It posts to /images/:id/enhance, which goes on to the job's page or
 * comes back here with the reason it could not start one.
 */
import { Form } from "@remix-run/react";
import { Button, Card, FormMessage } from "../ui.tsx";
import { PipelinePicker, type PipelineOption } from "../pipelines/pipeline-picker.tsx";

export type TierOption = { tier: string; name: string; cost: number; width: number; height: number };

export function EnhanceCard({
  imageId,
  balance,
  tiers,
  pipelines,
  blendSources,
  error,
}: {
  imageId: string;
  balance: number;
  tiers: TierOption[];
  pipelines: PipelineOption[];
  blendSources: Array<{ id: string; name: string }>;
  error: string | null;
}) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Enhance</h2>
      <p className="mt-1 text-sm text-slate-600">
        Your balance: <span data-testid="enhance-balance">{balance}</span> token{balance === 1 ? "" : "s"}.
      </p>
      {error ? (
        <div className="mt-3">
          <FormMessage>{error}</FormMessage>
        </div>
      ) : null}
      <Form method="post" action={`/images/${imageId}/enhance`} className="mt-4 space-y-4">
        <fieldset className="space-y-2">
          <legend className="sr-only">Quality</legend>
          {tiers.map((option) => (
            <label key={option.tier} className="flex items-center gap-2 text-sm">
              <input type="radio" name="tier" value={option.tier} defaultChecked={option.tier === "TIER_1K"} disabled={option.cost > balance} />
              <span>
                {option.name} — {option.cost} token{option.cost === 1 ? "" : "s"}, {option.width} × {option.height}
              </span>
            </label>
          ))}
        </fieldset>
        <PipelinePicker pipelines={pipelines} />
        {blendSources.length > 0 ? <BlendPicker sources={blendSources} /> : null}
        <Button type="submit">Enhance</Button>
      </Form>
    </Card>
  );
}

function BlendPicker({ sources }: { sources: Array<{ id: string; name: string }> }) {
  return (
    <div>
      <label htmlFor="sourceImageId" className="block text-sm font-medium text-slate-800">
        Blend with
      </label>
      <select
        id="sourceImageId"
        name="sourceImageId"
        defaultValue=""
        aria-describedby="sourceImageId-hint"
        className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
      >
        <option value="">No blend</option>
        {sources.map((source) => (
          <option key={source.id} value={source.id}>
            {source.name}
          </option>
        ))}
      </select>
      <p id="sourceImageId-hint" className="mt-1 text-sm text-slate-600">
        Optional: mix in the style of another of your photos.
      </p>
    </div>
  );
}
