/**
 * One audio project's mixer for its owner: the tracks with their waveforms, volume, mute, solo and
 * order, one transport that plays them together, uploads and recordings as new tracks, and the mix
 * exported in the browser or rendered on the server. With JavaScript every change saves itself
 * through the audio API; without it the same page lists the tracks and its forms post here.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { trackName } from "@spike-land/shared/api/audio";
import { MAX_AUDIO_FILE_BYTES } from "@spike-land/shared/audio/formats";
import { MAX_VOLUME, MIN_VOLUME } from "@spike-land/shared/audio/mix";
import { DomainError } from "@spike-land/shared/errors";
import { PageHeading } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Mixer } from "../components/audio/mixer.tsx";
import { DeleteProjectCard, ProjectDetailsCard } from "../components/audio/project-settings.tsx";
import { formatDuration } from "@spike-land/shared/audio/formats";
import { plural } from "../components/audio/format.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { domainErrorReply, handleForm } from "../.server/http/forms.server.ts";
import { MultipartError, readMultipartForm } from "../.server/http/multipart.server.ts";
import { formatSize, TRACK_NOT_FOUND } from "../.server/audio/records.server.ts";
import { isMultipart } from "../.server/audio/upload-form.server.ts";
import { addUploadedTrack, deleteProject, deleteTrack, getProject, reorderTracks, updateProject, updateTrack } from "../.server/audio/projects.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.project.name ?? "Audio project"} — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await orPageError(getProject(user.id, params.id ?? ""));
  return { project };
}

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, "That id is not valid.");
const trackId = id("Choose a track.");
const flag = (name: string) =>
  z.enum(["true", "false"], { error: `${name} is on or off.` }).transform((value) => value === "true");

const intents = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("rename"),
      name: z.string({ error: "Give the project a name." }).trim().min(1, "Give the project a name.").max(80, "Keep the project name under 80 characters."),
      description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
    }),
    z.object({ intent: z.literal("delete") }),
    z.object({
      intent: z.literal("upload"),
      file: z.instanceof(File, { error: "Choose an audio file to upload." }),
      name: trackName.optional(),
    }),
    z.object({ intent: z.literal("renameTrack"), trackId, name: trackName }),
    z.object({
      intent: z.literal("mixTrack"),
      trackId,
      volume: z.coerce
        .number({ error: `Volume is a number from ${MIN_VOLUME} to ${MAX_VOLUME}.` })
        .min(MIN_VOLUME, `Volume cannot go below ${MIN_VOLUME} (silent).`)
        .max(MAX_VOLUME, `Volume cannot go above ${MAX_VOLUME} (+6 dB).`)
        .optional(),
      muted: flag("Mute").optional(),
      solo: flag("Solo").optional(),
    }),
    z.object({ intent: z.literal("moveTrack"), trackId, direction: z.enum(["up", "down"], { error: "Move a track up or down." }) }),
    z.object({ intent: z.literal("deleteTrack"), trackId }),
  ],
  { error: "That action is not one this page offers." },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const project = await orPageError(getProject(user.id, params.id ?? ""));
  let form: FormData;
  if (isMultipart(request)) {
    try {
      form = await readMultipartForm(request, { maxFileBytes: MAX_AUDIO_FILE_BYTES });
    } catch (error) {
      if (error instanceof MultipartError && error.problem === "file_too_large") {
        return domainErrorReply(new DomainError(413, `This file is larger than ${formatSize(MAX_AUDIO_FILE_BYTES)}, the limit for an audio file.`, undefined, { field: "file" }), "upload");
      }
      if (error instanceof DomainError) return domainErrorReply(error, "upload");
      throw error;
    }
  } else {
    form = await request.formData();
  }
  return handleForm(
    form,
    intents,
    async (input) => {
      // A track of this project only: one of the person's other projects is not changed from here.
      if ("trackId" in input && !project.tracks.some((track) => track.id === input.trackId)) throw new DomainError(404, TRACK_NOT_FOUND);
      switch (input.intent) {
        case "rename":
          await updateProject(user.id, project.id, { name: input.name, description: input.description || null });
          return "Project details saved.";
        case "delete":
          await deleteProject(user.id, project.id);
          return redirect("/audio");
        case "upload": {
          const bytes = Buffer.from(await input.file.arrayBuffer());
          const track = await addUploadedTrack(user.id, project.id, { bytes, fileName: input.file.name, ...(input.name ? { name: input.name } : {}) });
          return `Added the track "${track.name}".`;
        }
        case "renameTrack":
          await updateTrack(user.id, input.trackId, { name: input.name });
          return "Track name saved.";
        case "mixTrack": {
          const { volume, muted, solo } = input;
          if (volume === undefined && muted === undefined && solo === undefined) return "Nothing to change.";
          await updateTrack(user.id, input.trackId, { volume, muted, solo });
          return "Mix saved.";
        }
        case "moveTrack": {
          const ids = project.tracks.map((track) => track.id);
          const from = ids.indexOf(input.trackId);
          const to = from + (input.direction === "up" ? -1 : 1);
          if (to < 0 || to >= ids.length) return "The track is already there.";
          [ids[from], ids[to]] = [ids[to]!, ids[from]!];
          await reorderTracks(user.id, project.id, ids);
          return "New order saved.";
        }
        case "deleteTrack":
          await deleteTrack(user.id, input.trackId);
          return "Track deleted.";
      }
    },
    { notFoundIsPage: true },
  );
}

export default function AudioProjectPage() {
  const { project } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:py-10">
      <PageHeading
        title={project.name}
        description={
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span>{plural(project.tracks.length, "track")}</span>
            <span aria-hidden>·</span>
            <span>{formatDuration(project.duration)}</span>
            {project.description ? (
              <>
                <span aria-hidden>·</span>
                <span>{project.description}</span>
              </>
            ) : null}
          </span>
        }
        actions={
          <Link to="/audio" className="text-sm font-semibold text-brand-700 hover:underline">
            All projects
          </Link>
        }
      />
      <div className="space-y-6">
        <ReplyMessage reply={posted} />
        <Mixer key={project.id} project={project} busy={busy} />
        <div className="grid gap-6 lg:grid-cols-2">
          <ProjectDetailsCard project={project} busy={busy} />
          <DeleteProjectCard project={project} busy={busy} />
        </div>
      </div>
    </div>
  );
}
