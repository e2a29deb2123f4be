/**
 * The "New box" form: a name and a size (radio cards with vCPU, RAM, storage and tokens per hour),
 * saying next to the button what the first hour costs now and what the person has. The page owns
 * the Conform form (validated with the schema its action uses) and hands its metadata here.
 */
import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { BOX_NAME_MAX } from "@spike-land/shared/boxes";
import type { TierView } from "../../.server/boxes/boxes.server.ts";
import { Button, Card, Field, FormMessage } from "../ui.tsx";
import { formatMemory, tokensPerHour } from "./box-format.ts";

export type NewBoxFields = { name: FieldMetadata<string | undefined>; tierId: FieldMetadata<string | undefined> };

type Props<Schema extends Record<string, unknown>> = {
  form: FormMetadata<Schema>;
  fields: NewBoxFields;
  tiers: TierView[];
  balance: number;
  notice: string | null;
  busy: boolean;
};

export function NewBoxForm<Schema extends Record<string, unknown>>({ form, fields, tiers, balance, notice, busy }: Props<Schema>) {
  const initial = typeof fields.tierId.initialValue === "string" && tiers.some((tier) => tier.id === fields.tierId.initialValue) ? fields.tierId.initialValue : tiers[0]?.id;
  // The choice made here lasts until the form is reset (a new key), which puts the default back.
  const [picked, pick] = useState({ key: fields.tierId.key, id: initial });
  const chosenId = picked.key === fields.tierId.key ? picked.id : initial;
  const chosen = tiers.find((tier) => tier.id === chosenId) ?? tiers[0];
  const short = chosen ? chosen.tokensPerHour - balance : 0;
  const errorId = `${fields.tierId.id}-error`;
  return (
    <Card className="mt-10" aria-labelledby="new-box-heading">
      <h2 id="new-box-heading" className="text-lg font-semibold text-slate-900">
        New box
      </h2>
      {tiers.length === 0 ? (
        <p className="mt-2 text-slate-600">No box sizes are on offer right now.</p>
      ) : (
        <Form method="post" className="mt-4 space-y-5" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <div className="max-w-md">
            <Field
              label="Name"
              errors={fields.name.errors}
              hint="Say what it is for, e.g. “Shopping research”."
              inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: BOX_NAME_MAX, autoComplete: "off" }}
            />
          </div>
          <fieldset aria-describedby={fields.tierId.errors ? errorId : undefined}>
            <legend className="text-sm font-medium text-slate-800">Size</legend>
            <div key={fields.tierId.key} className="mt-2 grid gap-3 sm:grid-cols-3">
              {tiers.map((tier) => (
                <label
                  key={tier.id}
                  className="flex cursor-pointer flex-col gap-1 rounded-xl p-4 ring-1 ring-slate-300 hover:bg-slate-50 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-600 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600"
                >
                  <span className="flex items-center gap-2">
                    <input
                      type="radio"
                      name={fields.tierId.name}
                      value={tier.id}
                      defaultChecked={tier.id === initial}
                      onChange={() => pick({ key: fields.tierId.key, id: tier.id })}
                      className="h-4 w-4 text-brand-600"
                    />
                    <span className="font-semibold text-slate-900">{tier.name}</span>
                  </span>
                  <span className="text-sm text-slate-700">
                    {tier.cpu} vCPU · {formatMemory(tier.ramMb)} RAM · {tier.storageGb} GB storage
                  </span>
                  <span className="text-sm font-semibold text-slate-900">{tokensPerHour(tier.tokensPerHour)}</span>
                </label>
              ))}
            </div>
            {fields.tierId.errors ? (
              <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
                {fields.tierId.errors[0]}
              </p>
            ) : null}
          </fieldset>
          {form.errors ? <FormMessage>{form.errors[0]}</FormMessage> : null}
          {notice ? <FormMessage tone="success">{notice}</FormMessage> : null}
          <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
            <Button type="submit" disabled={busy}>
              {busy ? "Creating…" : "Create and start"}
            </Button>
            {chosen ? (
              <p className="text-sm text-slate-600" data-testid="first-hour">
                The first hour ({chosen.tokensPerHour} tokens) is charged now. You have {balance} {balance === 1 ? "token" : "tokens"}.
                {short > 0 ? (
                  <>
                    {" "}
                    <Link to="/pricing" className="font-semibold text-brand-700 hover:underline">
                      Get {short} more
                    </Link>
                  </>
                ) : null}
              </p>
            ) : null}
          </div>
        </Form>
      )}
    </Card>
  );
}
