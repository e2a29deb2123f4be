/**
 * The product page's parts: the mockup preview, the option radios (size, colour), the photo picker
 * (each version of the user's photos, or an upload) and the add-to-cart form around them. The form
 * validates in the browser with the schema the page's action uses, given by the page.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { ACCEPT_ATTRIBUTE } from "@spike-land/shared/images/limits";
import type { FormReply } from "../../lib/form-reply.ts";
import type { ProductView } from "../../.server/merch/catalogue.server.ts";
import { Badge, Button, FormMessage, cx } from "../ui.tsx";

/** One printable version of one of the user's photos, as the picker lists it. */
export type PickerPhoto = { id: string; imageId: string; name: string; versionLabel: string; width: number; height: number; enhanced: boolean; thumbUrl: string; tooSmall: string | null };

export function mockupUrl(productId: string, variantId: string | null, photo: string | null): string {
  const query = new URLSearchParams({ product: productId });
  if (variantId) query.set("variant", variantId);
  if (photo && photo !== "upload") query.set("image", photo);
  return `/shop/mockup?${query.toString()}`;
}

export function MockupPreview({ product, variantId, photo, chosenPhoto }: { product: ProductView; variantId: string | null; photo: string | null; chosenPhoto: PickerPhoto | null }) {
  const src = mockupUrl(product.id, variantId, photo);
  return (
    <div>
      <img
        key={src}
        src={src}
        alt={chosenPhoto ? `${chosenPhoto.name} on the ${product.name}` : `A sample picture on the ${product.name}`}
        width={800}
        height={800}
        className="aspect-square w-full rounded-2xl bg-slate-100 shadow-sm ring-1 ring-slate-200"
      />
      <p className="mt-2 text-sm text-slate-600">
        {chosenPhoto
          ? `Your photo on it, as it will be printed (${chosenPhoto.width} × ${chosenPhoto.height} px).`
          : photo === "upload"
            ? "Your uploaded photo is shown on the product in your cart."
            : "A sample picture. Choose one of your photos to see it on the product."}
      </p>
    </div>
  );
}

const radioCard =
  "flex cursor-pointer items-center justify-center rounded-lg px-3 py-2 text-sm font-medium ring-1 ring-slate-300 transition peer-not-checked:hover:bg-slate-50 peer-checked:bg-brand-600 peer-checked:text-white peer-checked:ring-brand-600 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 peer-focus-visible:ring-offset-2";

export function VariantChooser({ product, variantId, onChange }: { product: ProductView; variantId: string | null; onChange: (variantId: string) => void }) {
  const current = product.variants.find((variant) => variant.id === variantId) ?? product.variants[0];
  if (!current) return null;
  if (product.attributeGroups.length === 0) {
    return (
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Option</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {product.variants.map((variant) => (
            <div key={variant.id}>
              <input type="radio" id={`variant-${variant.id}`} name="variantId" value={variant.id} checked={variant.id === current.id} onChange={() => onChange(variant.id)} className="peer sr-only" />
              <label htmlFor={`variant-${variant.id}`} className={radioCard}>
                {variant.name}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    );
  }
  const choose = (name: string, value: string) => {
    const wanted = { ...current.attributes, [name]: value };
    // Keep the other choices when that combination exists; otherwise take the first option with this value.
    const exact = product.variants.find((variant) => product.attributeGroups.every((group) => variant.attributes[group.name] === wanted[group.name]));
    const fallback = product.variants.find((variant) => variant.attributes[name] === value);
    const next = exact ?? fallback;
    if (next) onChange(next.id);
  };
  return (
    <div className="space-y-4">
      {product.attributeGroups.map((group) => (
        <fieldset key={group.name}>
          <legend className="text-sm font-medium text-slate-800">{group.label}</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {group.options.map((option) => {
              const id = `attr-${group.name}-${option.value}`;
              return (
                <div key={option.value}>
                  <input
                    type="radio"
                    id={id}
                    name={`attr_${group.name}`}
                    value={option.value}
                    checked={current.attributes[group.name] === option.value}
                    onChange={() => choose(group.name, option.value)}
                    className="peer sr-only"
                  />
                  <label htmlFor={id} className={cx(radioCard, "min-w-12")}>
                    {group.name === "color" ? (
                      <span aria-hidden className={cx("mr-2 inline-block h-3 w-3 rounded-full ring-1 ring-slate-400", option.value === "black" ? "bg-slate-900" : option.value === "white" ? "bg-white" : "bg-slate-400")} />
                    ) : null}
                    {option.label}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
      <p className="text-sm text-slate-600">
        Chosen: <span className="font-medium text-slate-900">{current.name}</span>
      </p>
    </div>
  );
}

function PhotoChoice({ candidate, photo, onChange }: { candidate: PickerPhoto; photo: string | null; onChange: (photo: string) => void }) {
  const id = `photo-${candidate.id}`;
  return (
    <li>
      <input
        type="radio"
        id={id}
        name="photo"
        value={candidate.id}
        checked={photo === candidate.id}
        disabled={Boolean(candidate.tooSmall)}
        onChange={() => onChange(candidate.id)}
        aria-describedby={candidate.tooSmall ? `${id}-small` : undefined}
        className="peer sr-only"
      />
      <label
        htmlFor={id}
        className="block cursor-pointer overflow-hidden rounded-lg ring-1 ring-slate-200 peer-checked:ring-2 peer-checked:ring-brand-600 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 peer-disabled:cursor-not-allowed peer-disabled:opacity-60"
      >
        <img src={candidate.thumbUrl} alt="" className="aspect-square w-full bg-slate-100 object-cover" loading="lazy" />
        <span className="block truncate px-2 pt-1.5 text-xs font-medium text-slate-900">{candidate.name}</span>
        <span className="flex flex-wrap items-center gap-1 px-2 pb-1.5 text-xs text-slate-600">
          {candidate.width} × {candidate.height}
          {candidate.enhanced ? <Badge tone="green">{candidate.versionLabel}</Badge> : <span className="sr-only">{candidate.versionLabel}</span>}
        </span>
      </label>
      {candidate.tooSmall ? (
        <p id={`${id}-small`} className="mt-1 text-xs text-red-700">
          Too small for this product.
        </p>
      ) : null}
    </li>
  );
}

export function PhotoPicker({ photos, photo, onChange, maxUploadText }: { photos: PickerPhoto[]; photo: string | null; onChange: (photo: string) => void; maxUploadText: string }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Your photo</legend>
      <p className="mt-1 text-sm text-slate-600">An enhanced photo is listed once per version: its original and each enhanced size. Choose the one to print.</p>
      {photos.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">
          You have no photos yet. Upload one below, or{" "}
          <Link to="/images" className="font-medium text-brand-700 hover:underline">
            add photos to your library
          </Link>
          .
        </p>
      ) : (
        <ul className="mt-3 grid max-h-96 grid-cols-2 gap-3 overflow-y-auto p-1 sm:grid-cols-3">
          {photos.map((candidate) => (
            <PhotoChoice key={candidate.id} candidate={candidate} photo={photo} onChange={onChange} />
          ))}
        </ul>
      )}
      <div className="mt-4 rounded-lg p-3 ring-1 ring-slate-200">
        <div className="flex items-center gap-2">
          <input type="radio" id="photo-upload" name="photo" value="upload" checked={photo === "upload"} onChange={() => onChange("upload")} className="h-4 w-4 accent-brand-600" />
          <label htmlFor="photo-upload" className="text-sm font-medium text-slate-800">
            Upload a photo for this order
          </label>
        </div>
        <label htmlFor="file" className="mt-2 block text-sm text-slate-600">
          Photo file (JPEG, PNG, WebP, AVIF or HEIC, up to {maxUploadText})
        </label>
        <input
          id="file"
          name="file"
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          onChange={() => onChange("upload")}
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-semibold file:text-slate-800 hover:file:bg-slate-200"
        />
      </div>
    </fieldset>
  );
}

const textInput = "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

/**
 * The add-to-cart form: the choosers passed in as children, then custom text, quantity and the
 * buttons. Signed out, it only previews (the buy button is a sign-in link), so it does not validate.
 */
export function AddToCartForm({
  product,
  signedIn,
  loginUrl,
  maxQuantity,
  reply,
  schema,
  children,
}: {
  product: ProductView;
  signedIn: boolean;
  loginUrl: string;
  maxQuantity: number;
  reply: FormReply | undefined;
  schema: z.ZodType<Record<string, unknown>>;
  children: ReactNode;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const [form] = useForm({
    lastResult: reply?.result,
    onValidate: signedIn ? ({ formData }) => parseWithZod(formData, { schema }) : undefined,
  });
  const error = Object.values(form.allErrors).flat()[0];
  return (
    <Form method="post" encType="multipart/form-data" className="mt-6 space-y-6" aria-label={`Add the ${product.name} to your cart`} {...getFormProps(form)}>
      {children}
      {product.customTextMax ? (
        <div className="space-y-1.5">
          <label htmlFor="customText" className="block text-sm font-medium text-slate-800">
            Custom text (optional)
          </label>
          <input id="customText" name="customText" type="text" maxLength={product.customTextMax} aria-describedby="customText-hint" className={textInput} />
          <p id="customText-hint" className="text-sm text-slate-600">
            Up to {product.customTextMax} characters, printed under the photo.
          </p>
        </div>
      ) : null}
      <div className="max-w-32 space-y-1.5">
        <label htmlFor="quantity" className="block text-sm font-medium text-slate-800">
          Quantity
        </label>
        <input id="quantity" name="quantity" type="number" min={1} max={maxQuantity} defaultValue={1} required className={textInput} />
      </div>
      {error ? <FormMessage>{error}</FormMessage> : null}
      <div className="flex flex-wrap items-center gap-3">
        {signedIn ? (
          <Button type="submit" disabled={busy}>
            {busy ? "Adding…" : "Add to cart"}
          </Button>
        ) : (
          <Link to={loginUrl} className="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700">
            Sign in to add to cart
          </Link>
        )}
        <noscript>
          <Button type="submit" variant="secondary" formMethod="get" formEncType="application/x-www-form-urlencoded">
            Update preview
          </Button>
        </noscript>
      </div>
    </Form>
  );
}
