/**
 * A tiny browser-like HTTP client for integration tests: keeps cookies, sends the app's
 * Origin on state-changing requests (as a browser does), never follows redirects silently.
 */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(path: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.headers)) if (!headers.has(k)) headers.set(k, v);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const method = (init.method ?? "GET").toUpperCase();
    if (init.origin !== null && method !== "GET" && method !== "HEAD") headers.set("origin", init.origin ?? new URL(this.baseUrl).origin);
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(cookie) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string, init: RequestInit = {}) {
    return this.request(path, { ...init, method: "GET" });
  }

  /** Submits an HTML form (urlencoded), as a browser without JavaScript would. */
  post(path: string, fields: Record<string, string | string[]>, init: RequestInit & { origin?: string | null } = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.request(path, {
      ...init,
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...(init.headers as Record<string, string> | undefined) },
    });
  }
}

export interface AccountFields {
  email: string;
  displayName: string;
  password: string;
  preferredLanguage?: "en" | "fr";
}

let counter = 0;
export function uniqueAccount(prefix = "user"): AccountFields {
  counter += 1;
  return {
    email: `${prefix}.${process.pid}.${counter}.${Date.now()}@example.org`,
    displayName: `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${counter}`,
    password: "correct horse battery staple",
    preferredLanguage: "en",
  };
}

export async function signUp(client: HttpClient, account: AccountFields, redirectTo = "/"): Promise<Response> {
  return client.post("/signup", { preferredLanguage: "en", ...account, redirectTo } as Record<string, string>);
}

export async function signIn(client: HttpClient, email: string, password: string, redirectTo = "/"): Promise<Response> {
  return client.post("/login", { email, password, redirectTo });
}
