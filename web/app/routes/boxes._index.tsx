/**
 * The person's boxes (cloud desktops): a card per box with its status, size, cost and the actions
 * its status allows, and a form for a new box whose first hour is charged at once. While a box is
 * being created, starting or stopping the page checks again every two seconds.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { PageHeading } from "../components/ui.tsx";
import { resultFor } from "../lib/form-reply.ts";
import { BoxList, boxCard, NoBoxes } from "../components/boxes/box-list.tsx";
import { actionNotice, actionOfIntent, boxActionForm, newBoxForm } from "../components/boxes/box-forms.ts";
import { NewBoxForm } from "../components/boxes/new-box-form.tsx";
import { SETTLING_STATUSES } from "../components/boxes/box-status.tsx";
import { useCheckAgainWhile } from "../components/boxes/use-check-again.ts";
import { requireSignIn, requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { createBox, getBox, listBoxes, listTiers, requestAction } from "../.server/boxes/boxes.server.ts";

export const meta: MetaFunction = () => [{ title: "Boxes — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, balance } = await requireSignIn(request);
  const [boxes, tiers] = await Promise.all([listBoxes(session.user.id), listTiers()]);
  const now = new Date();
  return { boxes: boxes.map((box) => boxCard(box, now)), tiers, balance: balance?.balance ?? 0 };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  if (form.get("intent") === "create") {
    return handleForm(
      form,
      newBoxForm,
      async ({ name, tierId }) => {
        const { box } = await createBox(user.id, { name, tierId });
        return `“${box.name}” is being created. Its first hour (${box.tier?.tokensPerHour ?? 0} tokens) has been charged.`;
      },
      { resetForm: true },
    );
  }
  return handleForm(form, boxActionForm, async ({ intent, boxId }) => {
    const action = actionOfIntent(intent);
    await requestAction(user.id, boxId, action);
    const charged = action === "START" || action === "CLONE" ? ((await getBox(user.id, boxId)).tier?.tokensPerHour ?? null) : null;
    return actionNotice(intent, charged);
  });
}

export default function BoxesPage() {
  const { boxes, tiers, balance } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const [form, fields] = useForm({
    id: "new-box",
    lastResult: resultFor(reply, "create"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newBoxForm }),
    shouldRevalidate: "onInput",
  });
  useCheckAgainWhile(boxes.some((box) => SETTLING_STATUSES.has(box.status)));
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Boxes"
        description="Desktops in the cloud with their own browser: watch and drive them, or tell them what to do. Paid by the hour in tokens while they run."
      />
      {boxes.length > 0 ? <BoxList boxes={boxes} reply={reply} /> : <NoBoxes />}
      <NewBoxForm
        form={form}
        fields={fields}
        tiers={tiers}
        balance={balance}
        notice={reply?.intent === "create" ? reply.notice : null}
        busy={creating}
      />
    </div>
  );
}
