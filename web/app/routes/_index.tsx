import type { MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { TIER_CAPACITY } from "@spike-land/shared/tokens/tiers";
import { EnhancementCostTable } from "../components/enhancement-costs.tsx";
import type { loader as rootLoader } from "../root.tsx";

export const meta: MetaFunction = () => [{ title: "Spike Land — photos, made better" }];

const FEATURES = [
  { title: "Enhance any photo", body: "Exposure, colour, sharpness and framing corrected in one pass, up to 4K. Pay per image with tokens; a free preview tier costs nothing." },
  { title: "Albums that share well", body: "Private, unlisted or public albums with share links. Your best results can join the public gallery." },
  { title: "Prints of your work", body: "Order lustre prints, canvases and t-shirts straight from an enhanced photo, shipped to your door." },
  { title: "Desktop companion", body: "Sign in from your computer and see your token balance at a glance. More of Spike Land is coming to the desktop app." },
];

export default function Landing() {
  const shell = useRouteLoaderData<typeof rootLoader>("root");
  const signedIn = Boolean(shell?.user);
  return (
    <div>
      <section className="relative overflow-hidden bg-gradient-to-b from-brand-900 via-brand-700 to-brand-600 text-white">
        <div className="mx-auto grid max-w-6xl gap-10 px-4 py-20 sm:py-28 lg:grid-cols-2 lg:items-center">
          <div>
            <p className="text-sm font-semibold uppercase tracking-widest text-brand-100">AI photo enhancement</p>
            <h1 className="mt-4 text-4xl font-extrabold tracking-tight sm:text-5xl">Your photos, the way you remember them.</h1>
            <p className="mt-6 max-w-xl text-lg text-brand-50">
              Spike Land lifts shadows, fixes colour casts, crops away borders and upscales to print size. Organise the results in
              albums, share them, and turn the best into prints.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              {signedIn ? (
                <Link to="/account" className="rounded-lg bg-white px-5 py-3 font-semibold text-brand-700 shadow hover:bg-brand-50">
                  Go to your account
                </Link>
              ) : (
                <>
                  <Link to="/signup" className="rounded-lg bg-white px-5 py-3 font-semibold text-brand-700 shadow hover:bg-brand-50">
                    Start free with {TIER_CAPACITY.FREE.capacity} tokens
                  </Link>
                  <Link to="/login" className="rounded-lg px-5 py-3 font-semibold text-white ring-1 ring-white/60 hover:bg-white/10">
                    Sign in
                  </Link>
                </>
              )}
            </div>
          </div>
          <div aria-hidden className="hidden lg:block">
            <div className="grid grid-cols-2 gap-3 rounded-2xl bg-white/10 p-4 ring-1 ring-white/20">
              <div className="aspect-[4/5] rounded-xl bg-gradient-to-br from-slate-500 via-slate-600 to-slate-700 opacity-80" />
              <div className="aspect-[4/5] rounded-xl bg-gradient-to-br from-amber-300 via-rose-400 to-fuchsia-600" />
              <p className="text-center text-sm text-brand-100">Before</p>
              <p className="text-center text-sm text-brand-100">After</p>
            </div>
          </div>
        </div>
      </section>

      <section className="mx-auto max-w-6xl px-4 py-16" aria-labelledby="features">
        <h2 id="features" className="text-2xl font-bold tracking-tight">Everything around your photos</h2>
        <div className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {FEATURES.map((feature) => (
            <div key={feature.title} className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
              <h3 className="font-semibold text-slate-900">{feature.title}</h3>
              <p className="mt-2 text-sm text-slate-600">{feature.body}</p>
            </div>
          ))}
        </div>
      </section>

      <section className="border-t border-slate-200 bg-white" aria-labelledby="tokens">
        <div className="mx-auto max-w-6xl px-4 py-16">
          <h2 id="tokens" className="text-2xl font-bold tracking-tight">Simple token pricing</h2>
          <p className="mt-2 max-w-2xl text-slate-600">
            Every account regenerates one token every 15 minutes up to its tier's capacity. Enhancements cost:
          </p>
<EnhancementCostTable className="mt-6 max-w-xl" />
        </div>
      </section>
    </div>
  );
}
