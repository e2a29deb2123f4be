/**
 * The "Create an album" form: name, description and who can see it. The page owns the Conform form
 * (validated with the schema its action uses) and hands its metadata here.
 */
import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Button, Card, Field } from "../ui.tsx";
import { ALBUM_PRIVACY } from "@spike-land/shared/api/albums";
import { PRIVACY_LABEL } from "./labels.ts";

export type CreateAlbumFields = {
  name: FieldMetadata<string | undefined>;
  description: FieldMetadata<string | undefined>;
  privacy: FieldMetadata<string | undefined>;
};

export function CreateAlbumForm<Schema extends Record<string, unknown>>({ form, fields, busy }: { form: FormMetadata<Schema>; fields: CreateAlbumFields; busy: boolean }) {
  // The service refuses a name already taken (or a default album's) for the whole form; it is about the name.
  const nameErrors = fields.name.errors ?? form.errors;
  const privacy = fields.privacy.initialValue ?? "PRIVATE";
  return (
    <Card className="mt-10 max-w-2xl">
      <h2 className="text-lg font-semibold text-slate-900">Create an album</h2>
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <Field label="Name" errors={nameErrors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: 80, autoComplete: "off" }} />
        <Field
          label="Description (optional)"
          errors={fields.description.errors}
          inputProps={{ ...getInputProps(fields.description, { type: "text" }), maxLength: 2000, autoComplete: "off" }}
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Who can see it</legend>
          <div className="mt-2 flex flex-wrap gap-4">
            {ALBUM_PRIVACY.map((choice) => (
              <label key={choice} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="radio" name={fields.privacy.name} value={choice} defaultChecked={privacy === choice} className="h-4 w-4 text-brand-600" />
                {PRIVACY_LABEL[choice]}
              </label>
            ))}
          </div>
          {fields.privacy.errors ? <p className="mt-1 text-sm font-medium text-red-700">{fields.privacy.errors[0]}</p> : null}
        </fieldset>
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create album"}
        </Button>
      </Form>
    </Card>
  );
}
