/**
 * GET /api/v1 — the API's index: every endpoint with its method, path and what it does, so a client
 * (or a person with curl) can find its way without the docs. docs/api.md has the request shapes.
 */
import { apiJson, methodNotAllowed } from "../.server/http/api.server.ts";

export type ApiEndpoint = { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; path: string; description: string };

export const API_ENDPOINTS: readonly ApiEndpoint[] = [
  { method: "GET", path: "/api/v1", description: "This list of endpoints." },
  { method: "POST", path: "/api/v1/sessions", description: "Sign in with email and password; answers a bearer token." },
  { method: "DELETE", path: "/api/v1/sessions/current", description: "Sign out: ends the session or token used for the request." },
  { method: "GET", path: "/api/v1/me", description: "The signed-in user, their role and token balance." },
  { method: "GET", path: "/api/v1/images", description: "Your photos, newest first, with signed URLs (page, pageSize)." },
  { method: "POST", path: "/api/v1/images", description: "Upload photos as multipart file fields, optionally with each source file's sha256 and an albumId; one result per file." },
  { method: "POST", path: "/api/v1/images/checksums", description: "Which of up to 500 source-file SHA-256 checksums your library already holds." },
  { method: "GET", path: "/api/v1/images/:id", description: "One of your photos." },
  { method: "DELETE", path: "/api/v1/images/:id", description: "Delete one of your photos with its files." },
  { method: "POST", path: "/api/v1/images/:id/enhance", description: "Enhance a photo at a tier, optionally with a pipeline or a second photo to blend." },
  { method: "GET", path: "/api/v1/jobs/:id", description: "An enhancement job's status, stage, sizes and result URL." },
  { method: "GET", path: "/api/v1/albums", description: "Your albums with counts, covers and share URLs." },
  { method: "POST", path: "/api/v1/albums", description: "Create an album." },
  { method: "GET", path: "/api/v1/albums/:id", description: "One album with its images in order." },
  { method: "PATCH", path: "/api/v1/albums/:id", description: "Rename an album or change its privacy, default tier, pipeline or cover." },
  { method: "DELETE", path: "/api/v1/albums/:id", description: "Delete an album (its photos stay in your library)." },
  { method: "POST", path: "/api/v1/albums/:id/images", description: "Add photos to the end of an album." },
  { method: "PUT", path: "/api/v1/albums/:id/images", description: "Reorder an album's photos." },
  { method: "DELETE", path: "/api/v1/albums/:id/images", description: "Take photos out of an album." },
  { method: "POST", path: "/api/v1/albums/:id/enhance", description: "Enhance every photo of an album as one batch." },
  { method: "GET", path: "/api/v1/batches/:id", description: "A batch's per-photo status and totals." },
  { method: "GET", path: "/api/v1/pipelines", description: "The enhancement pipelines you can use." },
  { method: "POST", path: "/api/v1/pipelines", description: "Create a private pipeline." },
  { method: "GET", path: "/api/v1/boxes", description: "Your boxes (cloud desktops) with their status and the actions each allows." },
  { method: "POST", path: "/api/v1/boxes", description: "Create a box of a size; its first hour is charged as it starts." },
  { method: "GET", path: "/api/v1/boxes/tiers", description: "The box sizes on offer with their price per hour." },
  { method: "GET", path: "/api/v1/boxes/:id", description: "One of your boxes." },
  { method: "POST", path: "/api/v1/boxes/:id/actions", description: "Start, stop, restart, delete or clone a box." },
  { method: "GET", path: "/api/v1/boxes/:id/tasks", description: "A box's browser tasks, newest first, with screenshot links." },
  { method: "POST", path: "/api/v1/boxes/:id/tasks", description: "Queue a browser task: NAVIGATE, CLICK, TYPE, SCREENSHOT or EXTRACT." },
  { method: "POST", path: "/api/v1/boxes/:id/vnc-ticket", description: "A one-minute ticket to watch a running box's screen over the WebSocket proxy." },
  { method: "GET", path: "/api/v1/boxes/:id/messages", description: "A box's chat, oldest first." },
  { method: "POST", path: "/api/v1/boxes/:id/messages", description: "Tell a box what to do in words; answers with its reply and the tasks queued." },
  { method: "GET", path: "/api/v1/audio/projects", description: "Your audio mixer projects, most recently changed first, with your storage use and limits." },
  { method: "POST", path: "/api/v1/audio/projects", description: "Create an audio mixer project." },
  { method: "GET", path: "/api/v1/audio/projects/:id", description: "One mixer project with its tracks in order and signed links to their audio." },
  { method: "PATCH", path: "/api/v1/audio/projects/:id", description: "Rename a mixer project or change its description." },
  { method: "DELETE", path: "/api/v1/audio/projects/:id", description: "Delete a mixer project with its tracks, their files and its mixdowns." },
  { method: "POST", path: "/api/v1/audio/projects/:id/tracks", description: "Add a track at the end: upload its audio (multipart file), or register one kept on your device (JSON)." },
  { method: "PUT", path: "/api/v1/audio/projects/:id/tracks", description: "Put every track of a project in a new order." },
  { method: "POST", path: "/api/v1/audio/projects/:id/mixdowns", description: "Render the project's mix to a WAV, to download or as a new muted track; poll the mixdown." },
  { method: "GET", path: "/api/v1/audio/tracks/:id", description: "One of your tracks with a signed link to its audio." },
  { method: "PATCH", path: "/api/v1/audio/tracks/:id", description: "Change a track's name, volume, mute or solo." },
  { method: "DELETE", path: "/api/v1/audio/tracks/:id", description: "Delete a track with its file." },
  { method: "PUT", path: "/api/v1/audio/tracks/:id/file", description: "Upload the audio of a track kept on your device, or replace a track's audio (multipart file)." },
  { method: "GET", path: "/api/v1/audio/mixdowns/:id", description: "A mixdown's status, and its download link or new track once done." },
  { method: "POST", path: "/api/v1/client-errors", description: "Report a browser error for the admin error log." },
];

export function loader() {
  return apiJson({ endpoints: API_ENDPOINTS });
}

export function action() {
  return methodNotAllowed(["GET"]);
}
