/**
 * The cards of an album page under its photos: "Enhance all" with its cost against the balance, who
 * can see the album (with the share link), name and description, enhancement defaults, and delete.
 * Each is a plain form posting an `intent` to the album page, so all of them work without JavaScript.
 */
import { useState } from "react";
import { Form, Link } from "@remix-run/react";
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { CopyLinkField } from "../copy-link.tsx";
import { Badge, Button, Card, Field, FormMessage, PageHeading } from "../ui.tsx";
import { PipelinePicker, type PipelineOption } from "../pipelines/pipeline-picker.tsx";
import { ALBUM_PRIVACY } from "@spike-land/shared/api/albums";
import { PRIVACY_HINT, PRIVACY_LABEL, PRIVACY_TONE, plural } from "./labels.ts";

/** The album as its page shows it. */
export type AlbumView = {
  id: string;
  name: string;
  description: string | null;
  privacy: string;
  sharePath: string | null;
  coverImageId: string | null;
  defaultTier: EnhancementTier;
  pipelineId: string | null;
  isDefault: boolean;
};

export type TierCost = { tier: EnhancementTier; label: string; cost: number };

const SELECT_CLASS = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900";

export function AlbumHeading({ album, photoCount }: { album: AlbumView; photoCount: number }) {
  return (
    <PageHeading
      title={album.name}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <Badge tone={PRIVACY_TONE[album.privacy]}>{PRIVACY_LABEL[album.privacy]}</Badge>
          <span>{plural(photoCount, "photo")}</span>
          {album.description ? <span>· {album.description}</span> : null}
        </span>
      }
      actions={
        <Link to="/albums" className="text-sm font-semibold text-brand-700 hover:underline">
          All albums
        </Link>
      }
    />
  );
}

export function EnhanceAllCard({
  album,
  photoCount,
  pipelines,
  balance,
  costs,
  busy,
}: {
  album: AlbumView;
  photoCount: number;
  pipelines: PipelineOption[];
  balance: number;
  costs: TierCost[];
  busy: boolean;
}) {
  const [batchTier, setBatchTier] = useState<EnhancementTier>(album.defaultTier);
  const total = (costs.find((row) => row.tier === batchTier)?.cost ?? 0) * photoCount;
  const affordable = total <= balance;
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Enhance all</h2>
      <p className="mt-1 text-sm text-slate-600">Starts one enhancement job per photo as a single batch and shows its progress.</p>
      <Form method="post" className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="enhance" />
        <div>
          <label htmlFor="batch-tier" className="block text-sm font-medium text-slate-800">
            Quality
          </label>
          <select id="batch-tier" name="tier" value={batchTier} onChange={(event) => setBatchTier(event.target.value as EnhancementTier)} className={SELECT_CLASS}>
            {costs.map((row) => (
              <option key={row.tier} value={row.tier}>
                {row.label} — {row.cost === 0 ? "free" : plural(row.cost, "token")} per photo
              </option>
            ))}
          </select>
        </div>
        <PipelinePicker pipelines={pipelines} defaultValue={album.pipelineId} id="batch-pipeline" />
        <p className="text-sm text-slate-700" data-testid="batch-cost">
          {plural(photoCount, "photo")} · total <strong>{plural(total, "token")}</strong> · your balance {balance}
        </p>
        {!affordable ? <FormMessage tone="info">This batch needs {plural(total, "token")} and you have {balance}.</FormMessage> : null}
        <Button type="submit" disabled={busy || photoCount === 0 || !affordable}>
          Enhance all {photoCount ? `(${plural(total, "token")})` : ""}
        </Button>
      </Form>
    </Card>
  );
}

export function PrivacyCard({ album, origin, busy }: { album: AlbumView; origin: string; busy: boolean }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Who can see it</h2>
      <p className="mt-1 text-sm text-slate-600">{PRIVACY_HINT[album.privacy]}</p>
      {album.isDefault ? (
        <p className="mt-3 text-sm text-slate-600">This is one of your default albums, so its privacy is fixed. Create an album for other settings.</p>
      ) : (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="privacy" />
          <fieldset>
            <legend className="sr-only">Privacy</legend>
            <div className="flex flex-wrap gap-4">
              {ALBUM_PRIVACY.map((privacy) => (
                <label key={privacy} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="radio" name="privacy" value={privacy} defaultChecked={album.privacy === privacy} className="h-4 w-4 text-brand-600" />
                  {PRIVACY_LABEL[privacy]}
                </label>
              ))}
            </div>
          </fieldset>
          <Button type="submit" variant="secondary" className="mt-3" disabled={busy}>
            Save privacy
          </Button>
        </Form>
      )}
      {album.sharePath ? (
        <div className="mt-4">
          <CopyLinkField id="share-link" label="Share link" link={`${origin}${album.sharePath}`} hint="Anyone with this link can view the album." />
        </div>
      ) : null}
    </Card>
  );
}

export function DetailsCard({ album, busy }: { album: AlbumView; busy: boolean }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Details</h2>
      <Form method="post" className="mt-4 space-y-4" key={`${album.name}|${album.description ?? ""}`}>
        <input type="hidden" name="intent" value="rename" />
        {album.isDefault ? (
          <>
            <input type="hidden" name="name" value={album.name} />
            <p className="text-sm text-slate-600">Default albums keep their name; you can change the description.</p>
          </>
        ) : (
          <Field label="Name" inputProps={{ id: "album-name", name: "name", defaultValue: album.name, required: true, maxLength: 80 }} />
        )}
        <Field label="Description" inputProps={{ id: "album-description", name: "description", defaultValue: album.description ?? "", maxLength: 2000 }} />
        <Button type="submit" variant="secondary" disabled={busy}>
          Save details
        </Button>
      </Form>
    </Card>
  );
}

export function DefaultsCard({ album, pipelines, costs, busy }: { album: AlbumView; pipelines: PipelineOption[]; costs: TierCost[]; busy: boolean }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Enhancement defaults</h2>
      <p className="mt-1 text-sm text-slate-600">The quality and pipeline "Enhance all" starts with.</p>
      <Form method="post" className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="defaults" />
        <div>
          <label htmlFor="default-tier" className="block text-sm font-medium text-slate-800">
            Default quality
          </label>
          <select id="default-tier" name="defaultTier" defaultValue={album.defaultTier} className={SELECT_CLASS}>
            {costs.map((row) => (
              <option key={row.tier} value={row.tier}>
                {row.label}
              </option>
            ))}
          </select>
        </div>
        <PipelinePicker pipelines={pipelines} defaultValue={album.pipelineId} id="default-pipeline" label="Default pipeline" />
        <Button type="submit" variant="secondary" disabled={busy}>
          Save defaults
        </Button>
      </Form>
    </Card>
  );
}

export function DeleteAlbumCard({ album, busy }: { album: AlbumView; busy: boolean }) {
  return (
    <Card className="mt-6">
      <h2 className="text-lg font-semibold text-slate-900">Delete album</h2>
      {album.isDefault ? (
        <p className="mt-1 text-sm text-slate-600">Default albums cannot be deleted.</p>
      ) : (
        <Form
          method="post"
          className="mt-3 flex flex-wrap items-center gap-4"
          onSubmit={(event) => {
            if (!window.confirm(`Delete the album "${album.name}"? Its photos stay in your library.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <p className="text-sm text-slate-600">The photos stay in your library; only the album goes.</p>
          <Button type="submit" variant="danger" disabled={busy}>
            Delete album
          </Button>
        </Form>
      )}
    </Card>
  );
}
