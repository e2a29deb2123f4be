/** An app's pricing tiers for its owner: type, exact price, billing interval for subscriptions and a feature list. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { INTERVAL_LABEL, MAX_FEATURES, MONETIZATION_TYPES, MONETIZATION_TYPE_LABEL, SUBSCRIPTION_INTERVALS, tierFieldsSchema } from "@spike-land/shared/apps/forms";
import { Button, Card, Field, SelectField, TextareaField } from "../components/ui.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { resultFor, type FormReply } from "../lib/form-reply.ts";
import { AppHeader, TierCard, type TierViewData } from "../components/apps/app-ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { MAX_TIERS, createTier, deleteTier, listTiers, requireOwnedApp, updateTier } from "../.server/apps/apps.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Pricing · ${loaded?.app.name ?? "App"} — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const app = await orPageError(requireOwnedApp(user.id, params.id ?? ""));
  return { app: { id: app.id, name: app.name }, tiers: await listTiers(user.id, app.id), maxTiers: MAX_TIERS };
}

const tierId = z.string({ error: "Choose a tier." }).trim().min(1, "Choose a tier.").max(64, "That id is not valid.");
const createSchema = z.intersection(z.object({ intent: z.literal("create") }), tierFieldsSchema);
const editSchema = z.intersection(z.object({ intent: z.literal("edit"), tierId }), tierFieldsSchema);
const deleteSchema = z.object({ intent: z.literal("delete"), tierId });
const intents = z.union([createSchema, editSchema, deleteSchema], { error: "That action is not one this page offers." });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const app = await orPageError(requireOwnedApp(user.id, params.id ?? ""));
  const form = await request.formData();
  // Each intent has its own schema so a refused price reads as the price's error, not a union mismatch.
  const schema = form.get("intent") === "edit" ? editSchema : form.get("intent") === "delete" ? deleteSchema : form.get("intent") === "create" ? createSchema : intents;
  return handleForm(
    form,
    schema,
    async (input) => {
      if (input.intent === "delete") {
        await deleteTier(user.id, app.id, input.tierId);
        return "Pricing tier deleted.";
      }
      const fields = { type: input.type, price: input.price, subscriptionInterval: input.subscriptionInterval, features: input.features };
      if (input.intent === "edit") {
        await updateTier(user.id, app.id, input.tierId, fields);
        return "Pricing tier saved.";
      }
      await createTier(user.id, app.id, fields);
      return "Pricing tier added.";
    },
    { notFoundIsPage: true, resetForm: true },
  );
}

type TierDefaults = { type: string; price: string; subscriptionInterval: string; features: string };

function TierForm({ id, intent, tierId: editing, defaults, reply, submitLabel }: { id: string; intent: "create" | "edit"; tierId?: string; defaults: TierDefaults; reply: FormReply | undefined; submitLabel: string }) {
  const [form, fields] = useForm({
    id,
    lastResult: reply?.result,
    defaultValue: defaults,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: intent === "edit" ? editSchema : createSchema }),
  });
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {editing ? <input type="hidden" name="tierId" value={editing} /> : null}
      <ReplyMessage reply={reply} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Type" errors={fields.type.errors} selectProps={{ id: fields.type.id, name: fields.type.name, defaultValue: fields.type.initialValue ?? defaults.type }}>
          {MONETIZATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {MONETIZATION_TYPE_LABEL[type]}
            </option>
          ))}
        </SelectField>
        <Field
          label="Price in GBP"
          hint="Leave empty for a free tier."
          errors={fields.price.errors}
          inputProps={{ ...getInputProps(fields.price, { type: "text" }), inputMode: "decimal", placeholder: "9.99", autoComplete: "off", maxLength: 11 }}
        />
      </div>
      <SelectField
        label="Billing interval"
        hint="Subscriptions only."
        errors={fields.subscriptionInterval.errors}
        selectProps={{ id: fields.subscriptionInterval.id, name: fields.subscriptionInterval.name, defaultValue: fields.subscriptionInterval.initialValue ?? defaults.subscriptionInterval }}
      >
        <option value="">Not a subscription</option>
        {SUBSCRIPTION_INTERVALS.map((interval) => (
          <option key={interval} value={interval}>
            {INTERVAL_LABEL[interval]}
          </option>
        ))}
      </SelectField>
      <TextareaField
        label="Features"
        hint={`One per line, up to ${MAX_FEATURES}.`}
        errors={fields.features.errors}
        textareaProps={{ ...getInputProps(fields.features, { type: "text" }), rows: 4, maxLength: 5000 }}
      />
      <Button type="submit">{submitLabel}</Button>
    </Form>
  );
}

function postedFor(posted: FormReply | undefined, intent: string, id: string): FormReply | undefined {
  return posted?.intent === intent && posted.result.initialValue?.tierId === id ? posted : undefined;
}

function defaultsOf(tier: TierViewData): TierDefaults {
  return { type: tier.type, price: tier.price ?? "", subscriptionInterval: tier.subscriptionInterval ?? "", features: tier.features.join("\n") };
}

export default function MonetizationPage() {
  const { app, tiers, maxTiers } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <AppHeader app={app} description="How the app is priced. Published apps show these tiers as a pricing table on their public page." />
      {tiers.length ? (
        <ul className="grid gap-4 md:grid-cols-2 lg:grid-cols-3" aria-label="Pricing tiers">
          {tiers.map((tier) => {
            const editReply = postedFor(posted, "edit", tier.id);
            return (
              <li key={tier.id}>
                <TierCard
                  tier={tier}
                  footer={
                    <>
                      <ReplyMessage reply={postedFor(posted, "delete", tier.id)} />
                      <details className="text-sm" open={editReply?.result.status === "error" ? true : undefined}>
                        <summary className="cursor-pointer rounded font-medium text-brand-700 hover:underline">Edit or delete</summary>
                        <div className="mt-3">
                          <TierForm key={JSON.stringify(tier)} id={`tier-${tier.id}`} intent="edit" tierId={tier.id} defaults={defaultsOf(tier)} reply={editReply} submitLabel="Save tier" />
                          <Form method="post" className="mt-3">
                            <input type="hidden" name="intent" value="delete" />
                            <input type="hidden" name="tierId" value={tier.id} />
                            <Button type="submit" variant="ghost" className="px-0 py-1 text-red-700 hover:bg-transparent hover:underline">
                              Delete tier
                            </Button>
                          </Form>
                        </div>
                      </details>
                    </>
                  }
                />
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No pricing yet. Add a free tier, a one-time price or a subscription below.</p>
      )}
      <Card className="mt-10 max-w-2xl">
        <h2 className="text-lg font-semibold text-slate-900">Add a tier</h2>
        <p className="mt-1 text-sm text-slate-600">
          {tiers.length} of {maxTiers} tiers used.
        </p>
        <div className="mt-4">
          <TierForm id="new-tier" intent="create" defaults={{ type: "FREE", price: "", subscriptionInterval: "", features: "" }} reply={resultFor(posted, "create") ? posted : undefined} submitLabel="Add tier" />
        </div>
      </Card>
    </div>
  );
}
