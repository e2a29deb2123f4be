/** The site header: brand, navigation that grows with the product, token balance and account menu. */
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { cx } from "./ui.tsx";

type ShellUser = { id: string; name: string | null; email: string | null; role: string; image: string | null };

function navClass({ isActive }: { isActive: boolean }) {
  return cx(
    "whitespace-nowrap rounded-md px-2.5 py-2 text-sm font-medium xl:px-1.5 2xl:px-2.5",
    isActive ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
  );
}

type NavItem = { to: string; label: string };

/** The header's navigation, in order: what everyone sees, then what a signed-in user (and an admin) gets. */
export function headerLinks({ signedIn, isAdmin, showMailbox }: { signedIn: boolean; isAdmin: boolean; showMailbox: boolean }): NavItem[] {
  const items: Array<NavItem & { shown: boolean }> = [
    { to: "/gallery", label: "Gallery", shown: true },
    { to: "/shop", label: "Shop", shown: true },
    { to: "/pricing", label: "Pricing", shown: true },
    { to: "/images", label: "Images", shown: signedIn },
    { to: "/albums", label: "Albums", shown: signedIn },
    { to: "/jobs", label: "Jobs", shown: signedIn },
    { to: "/pipelines", label: "Pipelines", shown: signedIn },
    { to: "/boxes", label: "Boxes", shown: signedIn },
    { to: "/audio", label: "Audio", shown: signedIn },
    { to: "/apps", label: "Apps", shown: signedIn },
    { to: "/orders", label: "Orders", shown: signedIn },
    { to: "/admin", label: "Admin", shown: isAdmin },
    { to: "/dev/mailbox", label: "Mailbox", shown: showMailbox },
  ];
  return items.filter((item) => item.shown).map(({ to, label }) => ({ to, label }));
}

/** Pages people visit less often: under "More" in the wide header (the phone menu lists everything). */
const UNDER_MORE = new Set(["/jobs", "/pipelines", "/orders", "/dev/mailbox"]);

export function splitHeaderLinks(items: NavItem[]): { inline: NavItem[]; more: NavItem[] } {
  return { inline: items.filter((item) => !UNDER_MORE.has(item.to)), more: items.filter((item) => UNDER_MORE.has(item.to)) };
}

/**
 * The "More" menu: a disclosure (works without JavaScript), closed again by Escape, a click
 * elsewhere or moving to another page.
 */
function MoreMenu({ items }: { items: NavItem[] }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  const active = items.some((item) => location.pathname.startsWith(item.to));
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.pathname]);
  useEffect(() => {
    const close = (event: Event) => {
      const menu = ref.current;
      if (!menu?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        menu.open = false;
        menu.querySelector("summary")?.focus();
        return;
      }
      if (!menu.contains(event.target as Node)) menu.open = false;
    };
    document.addEventListener("click", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("click", close);
      document.removeEventListener("keydown", close);
    };
  }, []);
  if (items.length === 0) return null;
  return (
    <details ref={ref} className="group relative">
      <summary
        className={cx(
          "flex cursor-pointer list-none items-center gap-1 whitespace-nowrap rounded-md px-2.5 py-2 text-sm font-medium xl:px-1.5 2xl:px-2.5 [&::-webkit-details-marker]:hidden",
          active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
        )}
      >
        More
        <svg aria-hidden width="12" height="12" viewBox="0 0 20 20" fill="currentColor" className="transition group-open:rotate-180">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </summary>
      <div className="absolute left-0 top-full z-30 mt-1 flex min-w-40 flex-col gap-0.5 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
        {items.map(({ to, label }) => (
          <NavLink key={to} to={to} className={navClass}>
            {label}
          </NavLink>
        ))}
      </div>
    </details>
  );
}

export function Header({
  user,
  tokens,
  cartCount = 0,
  showMailbox,
}: {
  user: ShellUser | null;
  tokens: { balance: number } | null;
  cartCount?: number;
  showMailbox: boolean;
}) {
  const [open, setOpen] = useState(false);
  const isAdmin = user?.role === "ADMIN" || user?.role === "SUPER_ADMIN";
  const items = headerLinks({ signedIn: Boolean(user), isAdmin, showMailbox });
  const { inline, more } = splitHeaderLinks(items);
  const link = ({ to, label }: NavItem) => (
    <NavLink key={to} to={to} className={navClass}>
      {label}
    </NavLink>
  );
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-3 px-4">
        <Link to="/" className="flex items-center gap-2 whitespace-nowrap text-lg font-bold tracking-tight text-slate-900">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-gradient-to-br from-brand-500 to-fuchsia-500 text-white">
            S
          </span>
          Spike Land
        </Link>
        <nav aria-label="Main" className="hidden items-center gap-0.5 xl:flex">
          {inline.map(link)}
          <MoreMenu items={more} />
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {user ? (
            <>
              {tokens ? (
                <Link
                  to="/tokens"
                  className="whitespace-nowrap rounded-full bg-amber-50 px-3 py-1 text-sm font-semibold text-amber-800 ring-1 ring-amber-200"
                  aria-label={`Token balance: ${tokens.balance} tokens`}
                >
                  <span data-testid="token-balance">{tokens.balance}</span> tokens
                </Link>
              ) : null}
              <nav aria-label="Account" className="flex items-center gap-1">
                <NavLink
                  to="/account"
                  className={({ isActive }) =>
                    cx("hidden items-center gap-2 rounded-md px-1.5 py-1.5 text-sm font-medium sm:inline-flex", isActive ? "text-brand-700" : "text-slate-700 hover:bg-slate-100")
                  }
                >
                  <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-brand-100 text-xs font-bold uppercase text-brand-800 2xl:hidden">
                    {(user.name ?? user.email ?? "?").slice(0, 1)}
                  </span>
                  <span className="sr-only 2xl:not-sr-only 2xl:max-w-[10rem] 2xl:truncate" data-testid="header-user">
                    {user.name ?? user.email}
                  </span>
                </NavLink>
                <NavLink to="/cart" className={({ isActive }) => cx("relative rounded-md p-2", isActive ? "text-brand-700" : "text-slate-600 hover:bg-slate-100")}>
                  <span className="sr-only">{`Cart, ${cartCount} item${cartCount === 1 ? "" : "s"}`}</span>
                  <svg aria-hidden width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8">
                    <path d="M3 4h2l2.4 11.2a1 1 0 0 0 1 .8h9.2a1 1 0 0 0 1-.8L21 8H6.2" />
                    <circle cx="9" cy="20" r="1.3" />
                    <circle cx="18" cy="20" r="1.3" />
                  </svg>
                  {cartCount > 0 ? (
                    <span aria-hidden data-testid="cart-count" className="absolute -right-0.5 -top-0.5 grid h-4 min-w-4 place-items-center rounded-full bg-brand-600 px-1 text-[10px] font-bold text-white">
                      {cartCount}
                    </span>
                  ) : null}
                </NavLink>
                <NavLink to="/settings" className={({ isActive }) => cx("hidden rounded-md p-2 xl:inline-flex", isActive ? "text-brand-700" : "text-slate-600 hover:bg-slate-100")}>
                  <span className="sr-only">Settings</span>
                  <svg aria-hidden width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8">
                    <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z" />
                    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1Z" />
                  </svg>
                </NavLink>
                <Form method="post" action="/logout" className="hidden xl:block">
                  <button type="submit" className="whitespace-nowrap rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
                    Sign out
                  </button>
                </Form>
              </nav>
            </>
          ) : (
            <>
              <Link to="/login" className="whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
                Sign in
              </Link>
              <Link to="/signup" className="hidden whitespace-nowrap rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 sm:inline-block">
                Create account
              </Link>
            </>
          )}
          <button
            type="button"
            className="rounded-md p-2 text-slate-700 hover:bg-slate-100 xl:hidden"
            aria-expanded={open}
            aria-controls="mobile-nav"
            onClick={() => setOpen((value) => !value)}
          >
            <span className="sr-only">{open ? "Close menu" : "Open menu"}</span>
            <svg aria-hidden width="20" height="20" viewBox="0 0 20 20" fill="currentColor">
              <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
            </svg>
          </button>
        </div>
      </div>
      {open ? (
        <nav id="mobile-nav" aria-label="Mobile" className="flex flex-col gap-1 border-t border-slate-200 px-4 py-3 xl:hidden">
          {items.map(link)}
          {user ? (
            <>
              <NavLink to="/account" className={navClass}>
                Account
              </NavLink>
              <NavLink to="/settings" className={navClass}>
                Settings
              </NavLink>
            </>
          ) : null}
          {user ? null : (
            <NavLink to="/signup" className={navClass}>
              Create account
            </NavLink>
          )}
          {user ? (
            <Form method="post" action="/logout">
              <button type="submit" className="w-full rounded-md px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </Form>
          ) : null}
        </nav>
      ) : null}
    </header>
  );
}
