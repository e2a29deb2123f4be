/**
 * How a pipeline reads wherever it is shown: its visibility badge, the page heading with usage, its
 * settings as a list, and the read-only view with a Fork button (other people's and shared pipelines).
 */
import type { ReactNode } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { PIPELINE_VISIBILITY_LABELS, type PipelineVisibility } from "@spike-land/shared/images/pipelines";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";
import type { PipelineSummary } from "../../.server/pipelines/pipelines.server.ts";
import { Badge, Button, Card, PageHeading } from "../ui.tsx";

const VISIBILITY_TONE: Record<PipelineVisibility, "slate" | "green" | "brand"> = { PRIVATE: "slate", PUBLIC: "green", LINK: "brand" };

export function VisibilityBadge({ visibility, system = false }: { visibility: PipelineVisibility; system?: boolean }) {
  if (system) return <Badge tone="amber">Built in</Badge>;
  return <Badge tone={VISIBILITY_TONE[visibility]}>{PIPELINE_VISIBILITY_LABELS[visibility].label}</Badge>;
}

/** The page heading of one pipeline: name, visibility, how often it was used, and its description. */
export function PipelineHeading({ pipeline, system = false, actions }: { pipeline: PipelineSummary; system?: boolean; actions?: ReactNode }) {
  return (
    <PageHeading
      title={pipeline.name}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <VisibilityBadge visibility={pipeline.visibility} system={system} />
          <span>
            Used {pipeline.usageCount} time{pipeline.usageCount === 1 ? "" : "s"}
          </span>
          {pipeline.description ? <span className="basis-full text-slate-600">{pipeline.description}</span> : null}
        </span>
      }
      actions={actions}
    />
  );
}

/** The settings of a pipeline as a read-only list. */
export function PipelineSettingsList({ pipeline }: { pipeline: Pick<PipelineSummary, "settings" | "usageCount"> }) {
  const { settings } = pipeline;
  const rows: Array<[string, string]> = [
    ["Tier", `${ENHANCEMENT_LABEL[settings.tier]} — ${ENHANCEMENT_LONGEST_EDGE[settings.tier]} px, ${ENHANCEMENT_COST[settings.tier] === 0 ? "free" : `${ENHANCEMENT_COST[settings.tier]} tokens`}`],
    ["Analysis", settings.analysis ? "On" : "Off"],
    ["Auto-crop", settings.autoCrop.enabled ? `On (bands of at least ${Math.round(settings.autoCrop.minCropRatio * 1000) / 10}%)` : "Off"],
    ["Prompt instructions", settings.prompt.instructions ?? "None"],
    ["Quality", settings.generation.quality === undefined ? "Tier default" : String(settings.generation.quality)],
    ["Temperature", settings.generation.temperature === undefined ? "Provider default" : String(settings.generation.temperature)],
    ["Used", `${pipeline.usageCount} time${pipeline.usageCount === 1 ? "" : "s"}`],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[auto_1fr]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-600">{term}</dt>
          <dd className="break-words text-slate-900" data-testid={`setting-${term.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Read-only view with a Fork button: the detail page for other people's pipelines and the shared-link page. */
export function PipelineReadOnly({ pipeline, forkAction, signedIn = true, forkNote }: { pipeline: PipelineSummary; forkAction?: string; signedIn?: boolean; forkNote?: string }) {
  const navigation = useNavigation();
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <Card aria-labelledby="settings-heading">
        <h2 id="settings-heading" className="mb-4 text-lg font-semibold text-slate-900">
          Settings
        </h2>
        <PipelineSettingsList pipeline={pipeline} />
      </Card>
      <Card aria-labelledby="fork-heading">
        <h2 id="fork-heading" className="text-lg font-semibold text-slate-900">
          Make it yours
        </h2>
        <p className="mt-1 text-sm text-slate-600">{forkNote ?? "Fork it to get a private copy you can edit and use on your images."}</p>
        <Form method="post" action={forkAction} className="mt-4">
          <input type="hidden" name="intent" value="fork" />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {signedIn ? "Fork" : "Sign in to fork"}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
