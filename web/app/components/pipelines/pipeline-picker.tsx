/** A select of the pipelines a user can run a job with, own pipelines first. */
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";

export type PipelineOption = { id: string; name: string; tier: EnhancementTier; mine: boolean };

export function PipelinePicker({
  pipelines,
  defaultValue,
  name = "pipelineId",
  id = "pipelineId",
  label = "Pipeline",
}: {
  pipelines: PipelineOption[];
  defaultValue?: string | null;
  name?: string;
  id?: string;
  label?: string;
}) {
  const mine = pipelines.filter((pipeline) => pipeline.mine);
  const shared = pipelines.filter((pipeline) => !pipeline.mine);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
      >
        <option value="">Default pipeline (auto-crop and analysis on)</option>
        {mine.length > 0 ? (
          <optgroup label="Your pipelines">
            {mine.map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        {shared.length > 0 ? (
          <optgroup label="Public pipelines">
            {shared.map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </div>
  );
}
