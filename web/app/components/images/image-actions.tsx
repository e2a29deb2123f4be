/** The cards of an image page that change the photo: add it to an album, rename it, delete it. */
import { useState } from "react";
import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Button, Card, Field } from "../ui.tsx";
import { AddedToAlbumNotice } from "../albums/added-to-album.tsx";

export function AddToAlbum({ imageId, albums }: { imageId: string; albums: Array<{ id: string; name: string; privacy: string }> }) {
  const [albumId, setAlbumId] = useState(albums[0]?.id ?? "");
  if (albums.length === 0) return null;
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Add to album</h2>
      <AddedToAlbumNotice albums={albums} />
      <Form method="post" action={`/albums/${encodeURIComponent(albumId)}/images`} className="mt-4 space-y-3">
        <input type="hidden" name="imageIds" value={imageId} />
        <input type="hidden" name="redirectTo" value={`/images/${imageId}`} />
        <div>
          <label htmlFor="albumId" className="block text-sm font-medium text-slate-800">
            Album
          </label>
          <select
            id="albumId"
            name="albumId"
            value={albumId}
            onChange={(event) => setAlbumId(event.currentTarget.value)}
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          >
            {albums.map((album) => (
              <option key={album.id} value={album.id}>
                {album.name} ({album.privacy.toLowerCase()})
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Add
        </Button>
      </Form>
    </Card>
  );
}

export type RenameFields = { name: FieldMetadata<string | undefined>; description: FieldMetadata<string | undefined> };

/** Name and description; the page owns the Conform form, validated with its action's schema. */
export function RenameCard<Schema extends Record<string, unknown>>({ form, fields, reply }: { form: FormMetadata<Schema>; fields: RenameFields; reply: FormReply | undefined }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Name and description</h2>
      <ReplyMessage reply={reply} intent="rename" />
      <Form method="post" className="mt-4 space-y-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="rename" />
        <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: 200 }} />
        <Field label="Description" errors={fields.description.errors} inputProps={{ ...getInputProps(fields.description, { type: "text" }), maxLength: 2000 }} />
        <Button type="submit" variant="secondary">
          Save
        </Button>
      </Form>
    </Card>
  );
}

export function DeleteImageCard({ name }: { name: string }) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Delete</h2>
      <Form
        method="post"
        className="mt-4"
        onSubmit={(event) => {
          if (!window.confirm(`Delete ${name}? This cannot be undone.`)) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="delete" />
        <Button type="submit" variant="danger">
          Delete photo
        </Button>
      </Form>
    </Card>
  );
}
